import type { CallerAbility } from '../../common/authz/types.ts';
import type { Guard } from '../../common/access/guard.ts';
import { summarizeComposition, type CanonicalObject, type CompositionSummary, type EntrySummary } from '../canonical/index.ts';
import type { CompositionRow } from '../store/rows.ts';
import { compositionAttributes, entryAttributes, entryId } from './attributes.ts';

/** A composition version as one caller may see it: only the entries they may read. */
export interface CompositionView {
  row: CompositionRow;
  entries: EntrySummary[];
  withheldEntryCount: number;
  /** The stored canonical JSON less withheld entries and hidden fields. */
  canonical(): CanonicalObject;
}

// A stored document is immutable, so its summary is computed at most once per row object.
const summaries = new WeakMap<CompositionRow, CompositionSummary>();

export function summaryOf(row: CompositionRow): CompositionSummary {
  let summary = summaries.get(row);
  if (!summary) {
    summary = summarizeComposition(row.canonical);
    summaries.set(row, summary);
  }
  return summary;
}

/** The caller's view of a version, or null when they may not read it (which then reads as absent). */
export function viewComposition(row: CompositionRow, guard: Guard): CompositionView | null {
  if (!guard.allows('read', 'Composition', compositionAttributes(row), [row.uid])) return null;
  const all = summaryOf(row).entries;
  const readable = all.filter((entry) => guard.ability.can('read', 'Entry', entryAttributes(row, entry)));
  const withheld = all.filter((entry) => !readable.includes(entry));
  if (withheld.length > 0) {
    guard.audit.record({
      action: 'read',
      subjectType: 'Entry',
      subjectIds: withheld.map((entry) => entryId(row.uid, entry)),
      allowed: false,
      reason: guard.ability.decide('read', 'Entry', entryAttributes(row, withheld[0] as EntrySummary)).reason,
    });
  }
  let canonical: CanonicalObject | undefined;
  return {
    row,
    entries: readable,
    withheldEntryCount: withheld.length,
    canonical: () => (canonical ??= redact(row, readable.length === all.length ? null : new Set(readable.map((e) => e.canonical)), guard.ability)),
  };
}

/** Removes withheld entries (`readable` null: none withheld) and the fields the caller may not read. */
function redact(row: CompositionRow, readable: Set<object> | null, ability: CallerAbility): CanonicalObject {
  const attributes = compositionAttributes(row);
  const hideComposer = !ability.can('read', 'Composition', attributes, 'composer');
  const hideFacility = !ability.can('read', 'Composition', attributes, 'healthCareFacility');
  if (!readable && !hideComposer && !hideFacility) return row.canonical;
  const document: CanonicalObject = { ...row.canonical };
  if (readable && Array.isArray(document.content)) document.content = keepReadable(document.content, readable);
  if (hideComposer) delete document.composer;
  const context = document.context as CanonicalObject | undefined;
  if (hideFacility && context && 'health_care_facility' in context) {
    const { health_care_facility: _hidden, ...rest } = context;
    document.context = rest;
  }
  return document;
}

function keepReadable(items: unknown[], readable: Set<object>): unknown[] {
  return items.flatMap((item) => {
    const node = item as CanonicalObject;
    if (node._type === 'SECTION') return [{ ...node, items: keepReadable(Array.isArray(node.items) ? node.items : [], readable) }];
    return readable.has(node) ? [node] : [];
  });
}

import type { CallerAbility } from '../../kit/authz/types.ts';
import type { Guard } from '../../kit/access/guard.ts';
import { summarizeComposition, type CanonicalObject, type CompositionSummary, type EntrySummary } from '../canonical/index.ts';
import type { CompositionRow } from '../model/rows.ts';
import { hiddenCategories, redact, type HiddenCategories } from '../privacy/identity.ts';
import { entryAttributes, entryId } from './attributes.ts';

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
  return guard.allows('read', 'Composition', row, [row.uid]) ? viewReadable(row, guard) : null;
}

/**
 * The view of a version the caller may read: checked by `viewComposition`, or admitted by the same
 * read rules inside the SQL of a list (so not checked again). Entries are checked one by one (SQL
 * does not filter them); the ability decides each distinct set of attributes once. What the
 * identity table hides from the caller is removed from the document and from every entry.
 */
export function viewReadable(row: CompositionRow, guard: Guard): CompositionView {
  const { ability } = guard;
  const allowed: EntrySummary[] = [];
  const withheld: EntrySummary[] = [];
  for (const entry of summaryOf(row).entries) {
    if (ability.can('read', 'Entry', entryAttributes(row, entry))) allowed.push(entry);
    else withheld.push(entry);
  }
  const hidden = hiddenFor(ability, row);
  const readable = allowed.map((entry) => ({ ...entry, canonical: redact(entry.canonical, entry.rmType, hidden) }));
  if (withheld.length > 0) {
    guard.audit.record({
      action: 'read',
      subjectType: 'Entry',
      subjectIds: withheld.map((entry) => entryId(row.uid, entry)),
      allowed: false,
      reason: ability.decide('read', 'Entry', entryAttributes(row, withheld[0] as EntrySummary)).reason,
    });
  }
  let canonical: CanonicalObject | undefined;
  return {
    row,
    entries: readable,
    withheldEntryCount: withheld.length,
    canonical: () => (canonical ??= redact(withoutWithheld(row.canonical, withheld), 'COMPOSITION', hidden)),
  };
}

/** The identity categories hidden from the caller for this composition. */
export function hiddenFor(ability: CallerAbility, row?: CompositionRow): HiddenCategories {
  return hiddenCategories((subject, field) =>
    subject === 'Composition' ? ability.can('read', 'Composition', row, field) : ability.can('read', 'Ehr', undefined, field),
  );
}

/** The stored document less the withheld entries. */
function withoutWithheld(document: CanonicalObject, withheld: EntrySummary[]): CanonicalObject {
  if (withheld.length === 0 || !Array.isArray(document.content)) return document;
  const dropped = new Set<unknown>(withheld.map((entry) => entry.canonical));
  return { ...document, content: keepShown(document.content, dropped) };
}

function keepShown(items: unknown[], dropped: Set<unknown>): unknown[] {
  return items.flatMap((item) => {
    const node = item as CanonicalObject;
    if (node._type === 'SECTION') return [{ ...node, items: keepShown(Array.isArray(node.items) ? node.items : [], dropped) }];
    return dropped.has(node) ? [] : [node];
  });
}

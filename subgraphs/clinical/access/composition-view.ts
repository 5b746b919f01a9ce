import type { CallerAbility } from '../../kit/authz/types.ts';
import type { Guard } from '../../kit/access/guard.ts';
import { summarizeComposition, type CanonicalObject, type CompositionSummary, type EntrySummary } from '../canonical/index.ts';
import type { CompositionRow } from '../model/rows.ts';
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
 * does not filter them); the ability decides each distinct set of attributes once.
 */
export function viewReadable(row: CompositionRow, guard: Guard): CompositionView {
  const { ability } = guard;
  const allowed: EntrySummary[] = [];
  const withheld: EntrySummary[] = [];
  for (const entry of summaryOf(row).entries) {
    if (ability.can('read', 'Entry', entryAttributes(row, entry))) allowed.push(entry);
    else withheld.push(entry);
  }
  const hidePeople = !ability.can('read', 'Composition', row, 'composer');
  const readable = hidePeople ? allowed.map((entry) => ({ ...entry, canonical: withoutPeople(entry.canonical) })) : allowed;
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
  const shown = new Map(allowed.map((entry, i) => [entry.canonical as object, (readable[i] as EntrySummary).canonical]));
  return {
    row,
    entries: readable,
    withheldEntryCount: withheld.length,
    canonical: () => (canonical ??= redact(row, withheld.length === 0 && !hidePeople ? null : shown, hidePeople, ability)),
  };
}

/**
 * The stored document less withheld entries (`shown` maps each readable entry to what the caller
 * sees of it; null: all shown as stored) and the fields the caller may not read.
 */
function redact(row: CompositionRow, shown: Map<object, CanonicalObject> | null, hidePeople: boolean, ability: CallerAbility): CanonicalObject {
  const hideFacility = !ability.can('read', 'Composition', row, 'healthCareFacility');
  if (!shown && !hidePeople && !hideFacility) return row.canonical;
  const document: CanonicalObject = { ...row.canonical };
  if (shown && Array.isArray(document.content)) document.content = keepShown(document.content, shown);
  const context = document.context as CanonicalObject | undefined;
  if (hidePeople) delete document.composer;
  if (context && (hidePeople || hideFacility)) {
    const shown: CanonicalObject = { ...context };
    if (hideFacility) delete shown.health_care_facility;
    if (hidePeople) delete shown.participations;
    document.context = shown;
  }
  return document;
}

function keepShown(items: unknown[], shown: Map<object, CanonicalObject>): unknown[] {
  return items.flatMap((item) => {
    const node = item as CanonicalObject;
    if (node._type === 'SECTION') return [{ ...node, items: keepShown(Array.isArray(node.items) ? node.items : [], shown) }];
    const entry = shown.get(node);
    return entry ? [entry] : [];
  });
}

/** Callers who may not see who recorded a composition see no person in its entries either. */
function withoutPeople(entry: CanonicalObject): CanonicalObject {
  const { provider: _provider, other_participations: _others, ...rest } = entry;
  return rest;
}

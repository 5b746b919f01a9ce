/** Any JSON object from a canonical document. */
export type CanonicalObject = Record<string, unknown>;

export type EntryRmType = 'OBSERVATION' | 'EVALUATION' | 'INSTRUCTION' | 'ACTION' | 'ADMIN_ENTRY';

export const ENTRY_RM_TYPES: readonly EntryRmType[] = ['OBSERVATION', 'EVALUATION', 'INSTRUCTION', 'ACTION', 'ADMIN_ENTRY'];

export interface ElementSummary {
  /** openEHR path from the composition root. */
  path: string;
  name: string;
  archetypeNodeId: string;
  /** The ELEMENT's `value` object as is (same reference), null when absent. */
  value: CanonicalObject | null;
  /** `null_flavour.value` when present. */
  nullFlavour: string | null;
}

export interface EntrySummary {
  /** 0-based document order over all entries (SECTIONs are traversed, not counted). */
  position: number;
  path: string;
  rmType: EntryRmType;
  archetypeNodeId: string;
  name: string;
  /** Every `terminology::code` inside the entry, de-duplicated, document order. */
  codes: string[];
  /** Every ELEMENT inside the entry at any depth, document order. */
  elements: ElementSummary[];
  /** The entry's object itself (same reference as in the document). */
  canonical: CanonicalObject;
}

export interface CompositionSummary {
  templateId: string;
  archetypeNodeId: string;
  name: string;
  language: string;
  territory: string;
  category: string;
  categoryCode: string;
  /** context.start_time as an instant (partial → earliest instant, no offset → UTC); null without context. */
  startTime: Date | null;
  entries: EntrySummary[];
}

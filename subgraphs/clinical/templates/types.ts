// The compiled form of an openEHR ADL 1.4 operational template (OPT).
//
// Everything here is plain JSON (no classes, Maps, RegExps or `undefined` values): a CompiledTemplate can be
// stored as JSONB and used again after JSON.parse without re-parsing the XML. Optional keys are omitted, never
// set to undefined. Regular expressions are kept as source text and compiled once per process (cached).
//
// Tree shape (mirrors the OPT's C_OBJECT / C_ATTRIBUTE alternation):
//
//   ComplexNode (C_COMPLEX_OBJECT / C_ARCHETYPE_ROOT; ARCHETYPE_INTERNAL_REFs are resolved to copies)
//     attributes: AttributeNode[]            one per constrained RM attribute, document order
//       children: ConstraintNode[]           alternatives (single attribute) or members (multiple attribute)
//         ComplexNode                          → recursion
//         SlotNode                             ARCHETYPE_SLOT (include/exclude archetype-id regexes)
//         CodePhraseNode                       C_CODE_PHRASE / C_CODE_REFERENCE / CONSTRAINT_REF
//         QuantityNode                         C_DV_QUANTITY (units with magnitude/precision ranges)
//         OrdinalNode                          C_DV_ORDINAL (value + symbol code pairs)
//         PrimitiveNode                        C_PRIMITIVE_OBJECT (C_STRING, C_INTEGER, C_REAL, C_BOOLEAN,
//                                              C_DATE, C_TIME, C_DATE_TIME, C_DURATION)
//
// Composition nodes are matched to children by `archetype_node_id` (= `nodeId`) for LOCATABLE RM types, by RM
// type otherwise. RM attributes that the template does not mention are unconstrained: anything is accepted there.
// Example: blood pressure systolic is
//   { kind: 'complex', rmType: 'ELEMENT', nodeId: 'at0004', occurrences: { min: 0, max: 1 }, text: 'Systolic', …,
//     attributes: [{ name: 'value', multiple: false, existence: { min: 0, max: 1 }, children: [
//       { kind: 'quantity', rmType: 'DV_QUANTITY', nodeId: '', occurrences: { min: 1, max: 1 }, property: 'openehr::125',
//         units: [{ units: 'mm[Hg]', magnitude: { min: 0, max: 1000, minIncluded: true, maxIncluded: false }, … }] }] }] }

/** An integer interval (occurrences, existence, cardinality), bounds inclusive; `max: null` = unbounded. */
export interface Multiplicity {
  min: number;
  max: number | null;
}

/** A numeric interval; `null` bound = unbounded. */
export interface NumericRange {
  min: number | null;
  max: number | null;
  minIncluded: boolean;
  maxIncluded: boolean;
}

interface NodeBase {
  /** RM type as written in the OPT, e.g. `ELEMENT`, `DV_QUANTITY`, `DV_INTERVAL<DV_COUNT>`, `STRING`. */
  rmType: string;
  /** at-code (`at0004`), the archetype id for archetype roots, `''` when the OPT has none. */
  nodeId: string;
  occurrences: Multiplicity;
}

/** C_COMPLEX_OBJECT or C_ARCHETYPE_ROOT. No attributes = any content (e.g. an ELEMENT with any value). */
export interface ComplexNode extends NodeBase {
  kind: 'complex';
  /** Set on C_ARCHETYPE_ROOT (and the definition root); then `nodeId === archetypeId`. */
  archetypeId?: string;
  /** Term definition text/description of `nodeId` in the template language (LOCATABLE nodes). */
  text?: string;
  description?: string;
  /** The term definition's other items (`comment` …): web template annotations, never checked. */
  annotations?: Record<string, string>;
  attributes: AttributeNode[];
}

/** C_SINGLE_ATTRIBUTE (`multiple: false`) or C_MULTIPLE_ATTRIBUTE (`multiple: true`, with cardinality). */
export interface AttributeNode {
  name: string;
  multiple: boolean;
  existence: Multiplicity;
  cardinality?: Multiplicity;
  /** An RM function (EVENT.offset, DV_PROPORTION.is_integral): checked when present, never required. */
  computed?: true;
  children: ConstraintNode[];
}

/** ARCHETYPE_SLOT: archetype roots whose archetype id matches `includes` and not `excludes` (regex sources). */
export interface SlotNode extends NodeBase {
  kind: 'slot';
  includes: string[];
  excludes: string[];
}

/** C_CODE_PHRASE, C_CODE_REFERENCE or CONSTRAINT_REF. `terminology: null` / `codes: []` = any. */
export interface CodePhraseNode extends NodeBase {
  kind: 'codePhrase';
  terminology: string | null;
  codes: string[];
  /** Rubrics of `local` codes from the archetype's term definitions (and of well-known openehr codes). */
  labels: Record<string, string>;
  /** Descriptions of `local` codes from the archetype's term definitions. */
  descriptions: Record<string, string>;
  /** The `assumed_value` code: a form's default, never checked. */
  assumed?: string;
}

export interface QuantityUnit {
  units: string;
  /** The archetype's term for the units (a display text such as `mmHg`), if it has one. */
  label?: string;
  magnitude?: NumericRange;
  precision?: NumericRange;
}

/** C_DV_QUANTITY. `units: []` = any units and magnitude. */
export interface QuantityNode extends NodeBase {
  kind: 'quantity';
  /** The `property` code, e.g. `openehr::125` (pressure). */
  property?: string;
  units: QuantityUnit[];
}

export interface OrdinalOption {
  value: number;
  terminology: string;
  code: string;
  label?: string;
  description?: string;
}

/** C_DV_ORDINAL. `options: []` = any ordinal. */
export interface OrdinalNode extends NodeBase {
  kind: 'ordinal';
  options: OrdinalOption[];
}

/**
 * Date/time pattern components, one letter per component (year, month, day, hour, minute, second; a C_DATE has
 * the first three, a C_TIME the last three): `r` required, `o` optional (`??`), `x` forbidden (`XX`).
 */
export type DateComponents = string;

export type PrimitiveConstraint =
  /** `regexValue`: the RM attribute holds a regex itself (ACTIVITY.action_archetype_id): the pattern text passes. */
  | { type: 'STRING'; list?: string[]; pattern?: string; listOpen?: boolean; regexValue?: true }
  | { type: 'INTEGER' | 'REAL'; list?: number[]; range?: NumericRange }
  | { type: 'BOOLEAN'; trueValid: boolean; falseValid: boolean }
  | { type: 'DATE' | 'TIME' | 'DATE_TIME'; pattern?: string; components?: DateComponents }
  /** `allowed`: designators permitted by the pattern (`YMWDHmS`, `m` = minutes); `range` in seconds. */
  | { type: 'DURATION'; pattern?: string; allowed?: string; range?: NumericRange; rangeText?: string };

/** C_PRIMITIVE_OBJECT: constrains a JSON string/number/boolean (e.g. DV_BOOLEAN.value, DV_COUNT.magnitude). */
export interface PrimitiveNode extends NodeBase {
  kind: 'primitive';
  item: PrimitiveConstraint;
}

export type ConstraintNode = ComplexNode | SlotNode | CodePhraseNode | QuantityNode | OrdinalNode | PrimitiveNode;

export interface CompiledTemplate {
  /** Bumped when the compiled shape changes; deserializeTemplate rejects other versions. */
  formatVersion: 1;
  templateId: string;
  concept: string;
  rootArchetypeId: string;
  /** The template's original language (ISO 639-1 code), e.g. `en`. */
  language: string;
  root: ComplexNode;
  /**
   * The OPT's `<annotations>` (web template annotations, never checked) by node path without the root archetype
   * id, e.g. `/content[openEHR-EHR-SECTION.adhoc.v1,'Problem List']/items[openEHR-EHR-EVALUATION.problem_diagnosis.v1]`.
   */
  annotations?: Record<string, Record<string, string>>;
  /** Set when the OPT is given in more than its own language: all its languages, its own first. */
  languages?: string[];
  /** The archetypes' terms in those other languages (opt-extras.ts). */
  translations?: Translations;
}

/**
 * `constraint` is one of: `template_id`, `archetype_id`, `extra_node`, `slot`, `rm_type`, `occurrences`,
 * `cardinality`, `existence`, `terminology`, `code_list`, `units`, `magnitude`, `precision`, `ordinal`,
 * `string`, `integer`, `real`, `boolean`, `date_time_pattern`, `duration`, `value_type`.
 */
export interface TemplateViolation {
  /** openEHR path of the offending node, e.g. `/content[openEHR-EHR-OBSERVATION.x.v1]/data[at0001]/…/value/units`. */
  path: string;
  constraint: string;
  expected: string;
  actual: string;
  /** The same location as a JSONPath into the canonical JSON, e.g. `$.content[0].data.events[0]…`. */
  jsonPath: string;
}

/** A term in one language. */
export interface TermText {
  text?: string;
  description?: string;
}

/** archetype id → language → code → term, for the languages other than the template's own. */
export type Translations = Record<string, Record<string, Record<string, TermText>>>;

// Web template support: the WebTemplate types, RM attribute tables and small tree helpers.
import { isLocatable } from './rm-types.ts';
import type { ComplexNode, ConstraintNode, Multiplicity } from './types.ts';
import { childOf, type WebTemplateInput } from './web-template-inputs.ts';

export interface WebTemplateNode {
  id: string;
  name: string;
  localizedName?: string;
  rmType: string;
  nodeId?: string;
  min: number;
  /** -1 = unbounded */
  max: number;
  localizedNames?: Record<string, string>;
  localizedDescriptions?: Record<string, string>;
  /** openEHR path of the node's data; absent on the root (as in EHRbase web templates). */
  aqlPath?: string;
  inputs?: WebTemplateInput[];
  /** The term's other items (`comment` …) and the OPT's annotations for this node. */
  annotations?: Record<string, string>;
  inContext?: true;
  /** DV_PROPORTION: the allowed proportion kinds */
  proportionTypes?: string[];
  children?: WebTemplateNode[];
}

export interface WebTemplate {
  templateId: string;
  version: string;
  defaultLanguage: string;
  languages: string[];
  tree: WebTemplateNode;
}

export const FLATTENED = new Set(['HISTORY', 'ITEM_TREE', 'ITEM_LIST', 'ITEM_SINGLE', 'ITEM_TABLE', 'ITEM_STRUCTURE']);
export const EVENTS = new Set(['EVENT', 'POINT_EVENT', 'INTERVAL_EVENT']);
const ENTRY_CONTEXT = ['subject', 'language', 'encoding'];
/** RM attributes shown after the template's own children, in this order. */
export const CONTEXT_ATTRIBUTES: Record<string, string[]> = {
  COMPOSITION: ['composer', 'language', 'territory'],
  EVENT_CONTEXT: ['start_time', 'setting'],
  OBSERVATION: ENTRY_CONTEXT,
  EVALUATION: ENTRY_CONTEXT,
  ADMIN_ENTRY: ENTRY_CONTEXT,
  INSTRUCTION: ['subject', 'narrative', 'language', 'encoding', 'expiry_time'],
  ACTION: [...ENTRY_CONTEXT, 'instruction_details', 'time', 'ism_transition'],
  EVENT: ['time'],
  POINT_EVENT: ['time'],
  INTERVAL_EVENT: ['time'],
  ACTIVITY: ['timing', 'action_archetype_id'],
  ISM_TRANSITION: ['careflow_step', 'current_state', 'transition'],
};
/** RM type and occurrences of those attributes when the template does not constrain them. */
export const RM_DEFAULTS: Record<string, [string, number]> = {
  composer: ['PARTY_PROXY', 1],
  language: ['CODE_PHRASE', 1],
  territory: ['CODE_PHRASE', 1],
  start_time: ['DV_DATE_TIME', 1],
  setting: ['DV_CODED_TEXT', 1],
  subject: ['PARTY_PROXY', 1],
  encoding: ['CODE_PHRASE', 1],
  narrative: ['DV_TEXT', 1],
  expiry_time: ['DV_DATE_TIME', 0],
  time: ['DV_DATE_TIME', 1],
  timing: ['DV_PARSABLE', 0],
  action_archetype_id: ['STRING', 1],
  ism_transition: ['ISM_TRANSITION', 1],
  careflow_step: ['DV_CODED_TEXT', 0],
  current_state: ['DV_CODED_TEXT', 1],
  transition: ['DV_CODED_TEXT', 0],
  activity_id: ['STRING', 1],
  instruction_id: ['LOCATABLE_REF', 1],
};
export const CONTEXT_NAMES = new Set([...Object.values(CONTEXT_ATTRIBUTES).flat(), 'activity_id', 'instruction_id']);
export const RM_NAMES: Record<string, string> = { careflow_step: 'Careflow_step', current_state: 'Current_state' };
export const NOT_IN_CONTEXT = new Set(['context', 'expiry_time', 'activity_id', 'instruction_id', 'other_context', 'math_function', 'width']);

/** EHRbase's web template id of a name: letters (any script, accents kept), digits, `.`, `_`, `-`; words joined
 * by `_`, lower case; a leading digit gets an `a` (`24 Stunden` → `a24_stunden`). */
export function webTemplateId(name: string): string {
  const id = name
    .replace(/[^\p{Alphabetic}0-9._-]/gu, ' ')
    .trim()
    .split(/\s+/)
    .join('_')
    .toLowerCase();
  if (id === '') return 'node';
  return /^[0-9]/.test(id) ? `a${id}` : id;
}

export const PROPORTION_KINDS = ['ratio', 'unitary', 'percent', 'fraction', 'integer_fraction'];
export const maxOf = (m: Multiplicity): number => m.max ?? -1;

export function rmLeaf(rmType: string, min: number): ComplexNode {
  return { kind: 'complex', rmType, nodeId: '', occurrences: { min, max: 1 }, attributes: [] };
}

/** The node's name: a name constraint's first value, else its term text. */
export function nameOf(c: ComplexNode): string {
  const name = c.attributes.find((a) => a.name === 'name')?.children[0];
  const value = name ? childOf(name, 'value') : undefined;
  const fixed = value?.kind === 'primitive' && value.item.type === 'STRING' ? value.item.list?.[0] : undefined;
  return fixed ?? c.text ?? c.rmType;
}

/** Alternatives of one RM attribute (e.g. ISM_TRANSITION per careflow step): union their code lists. */
export function mergeInto(target: WebTemplateNode, other: WebTemplateNode): void {
  for (const input of other.inputs ?? []) {
    const mine = target.inputs?.find((i) => i.suffix === input.suffix);
    for (const item of mine?.list && input.list ? input.list : []) {
      const same = mine?.list?.find((m) => m.value === item.value);
      if (!same) mine?.list?.push(item);
      else if (same.currentStates && item.currentStates) {
        same.currentStates = [...new Set([...same.currentStates, ...item.currentStates])];
      }
    }
  }
  for (const child of other.children ?? []) {
    const mine = target.children?.find((c) => c.id === child.id);
    if (mine) mergeInto(mine, child);
  }
}

/** Each careflow step of an ISM_TRANSITION alternative lists the current states it goes with. */
export function linkCareflowSteps(transition: WebTemplateNode): void {
  const states = transition.children?.find((c) => c.id === 'current_state')?.inputs?.[0]?.list?.map((i) => i.value);
  const steps = transition.children?.find((c) => c.id === 'careflow_step')?.inputs?.[0]?.list;
  if (states && steps) for (const step of steps) step.currentStates = [...states];
}

/** Sibling ids must be unique: repeats get 2, 3 … (`time`, `time2`). */
export function uniqueIds(nodes: WebTemplateNode[]): WebTemplateNode[] {
  const seen = new Map<string, number>();
  return nodes.map((n) => {
    const count = (seen.get(n.id) ?? 0) + 1;
    seen.set(n.id, count);
    return count === 1 ? n : { ...n, id: `${n.id}${count}` };
  });
}

/** A fixed name (a name constraint with exactly one value: a string, or a coded name's rubric), if any. */
export function explicitName(c: ComplexNode): string | undefined {
  const names = fixedNames(c);
  return names?.length === 1 ? names[0] : undefined;
}

const predicate = (nodeId: string, name: string | undefined): string =>
  name === undefined ? `[${nodeId}]` : `[${nodeId},'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;

/**
 * The path step of each member of one attribute at `base` (EHRbase's rule): a member with a fixed name has it in
 * its predicate (`[openEHR-EHR-SECTION.adhoc.v1,'Symptome']`); so does a member whose path without names would
 * otherwise be another member's.
 */
export function memberSteps(children: ConstraintNode[], base: string): string[] {
  const archetyped = (c: ConstraintNode): c is ComplexNode => c.kind === 'complex' && c.nodeId !== '' && isLocatable(c.rmType);
  const steps = children.map((c) => (archetyped(c) ? `${base}${predicate(c.nodeId, explicitName(c))}` : base));
  return steps.map((step, i) => {
    const c = children[i];
    if (!c || !archetyped(c) || explicitName(c) !== undefined) return step;
    const clash = steps.some((other) => other !== step && withoutLastName(other) === step);
    return clash ? `${base}${predicate(c.nodeId, nameOf(c))}` : step;
  });
}

/** The path without the name in its last predicate (`…/items[at0001,'X']` → `…/items[at0001]`). */
export function withoutLastName(path: string): string {
  return path.replace(/\[([^\],']+),'(?:[^'\\]|\\.)*'\]$/, '[$1]');
}

/** The DV_CODED_TEXT alternative when an element's value is exactly DV_CODED_TEXT or DV_TEXT. */
export function textOrCoded(values: ConstraintNode[]): ConstraintNode | undefined {
  const types = values.map((v) => v.rmType).sort();
  return types.length === 2 && types[0] === 'DV_CODED_TEXT' && types[1] === 'DV_TEXT' ? values.find((v) => v.rmType === 'DV_CODED_TEXT') : undefined;
}

/** The data value types an unconstrained ELEMENT value may take, in EHRbase's order. */
export const ANY_VALUE_TYPES = [
  'DV_TEXT',
  'DV_CODED_TEXT',
  'DV_MULTIMEDIA',
  'DV_PARSABLE',
  'DV_STATE',
  'DV_BOOLEAN',
  'DV_IDENTIFIER',
  'DV_URI',
  'DV_EHR_URI',
  'DV_DURATION',
  'DV_QUANTITY',
  'DV_COUNT',
  'DV_PROPORTION',
  'DV_DATE_TIME',
  'DV_TIME',
  'DV_ORDINAL',
  'DV_DATE',
];

/** The id of a value choice: `quantity_value`, `date_time_value`, `interval_of_count_value` (`DV_INTERVAL<DV_COUNT>`). */
export function choiceId(rmType: string): string {
  const [outer = rmType, inner] = rmType.replace(/>$/, '').split('<');
  const name = (t: string) => t.replace(/^DV_/, '').toLowerCase();
  return inner === undefined ? `${name(outer)}_value` : `${name(outer)}_of_${name(inner)}_value`;
}

/** A fixed coded name's description (its code's term), if any: it describes the node better than its own term. */
export function explicitDescription(c: ComplexNode): string | undefined {
  const name = c.attributes.find((a) => a.name === 'name')?.children[0];
  const code = name ? childOf(name, 'defining_code') : undefined;
  const [only, ...more] = code?.kind === 'codePhrase' ? code.codes : [];
  return code?.kind === 'codePhrase' && only !== undefined && more.length === 0 ? code.descriptions[only] : undefined;
}

/** The names a name constraint allows (its string list, or the rubrics of its codes), if any. */
function fixedNames(c: ComplexNode): string[] | undefined {
  const name = c.attributes.find((a) => a.name === 'name')?.children[0];
  const value = name ? childOf(name, 'value') : undefined;
  if (value?.kind === 'primitive' && value.item.type === 'STRING') return value.item.list;
  const code = name ? childOf(name, 'defining_code') : undefined;
  if (code?.kind !== 'codePhrase' || code.codes.length === 0) return undefined;
  return code.codes.map((k) => code.labels[k] ?? k);
}

/** EHRbase gives a node whose name constraint allows several names one web template node per name. */
export function perName(children: ConstraintNode[]): ConstraintNode[] {
  return children.flatMap((c) => {
    const names = c.kind === 'complex' ? fixedNames(c) : undefined;
    if (c.kind !== 'complex' || !names || names.length < 2) return [c];
    return names.map((_, i) => withNameAt(c, i));
  });
}

/** `c` with its name constraint narrowed to its `i`th name. */
function withNameAt(c: ComplexNode, i: number): ComplexNode {
  const narrow = (n: ConstraintNode): ConstraintNode => {
    if (n.kind === 'primitive' && n.item.type === 'STRING' && n.item.list) return { ...n, item: { ...n.item, list: n.item.list.slice(i, i + 1) } };
    if (n.kind === 'codePhrase') return { ...n, codes: n.codes.slice(i, i + 1) };
    return n;
  };
  const attributes = c.attributes.map((a) => {
    const [text] = a.children;
    if (a.name !== 'name' || text?.kind !== 'complex') return a;
    const inner = text.attributes.map((v) => (v.name === 'value' || v.name === 'defining_code' ? { ...v, children: v.children.map(narrow) } : v));
    return { ...a, children: [{ ...text, attributes: inner }] };
  });
  return { ...c, attributes };
}

const segments = (path: string): string[] => path.split(/\/(?=[a-z_]+(?:\[|$))/);

/** The annotation path names a node where it has a name; where it has none, any name of that node matches. */
function covers(annotationPath: string[], nodePath: string[]): boolean {
  return annotationPath.length === nodePath.length && annotationPath.every((step, i) => step === nodePath[i] || step === withoutLastName(nodePath[i] ?? ''));
}

/** The OPT's annotations by node path; a node's path may name nodes the annotation path leaves unnamed. */
export class TemplateAnnotations {
  private readonly entries: Array<[string[], Record<string, string>]>;

  constructor(private readonly byPath: Record<string, Record<string, string>>) {
    this.entries = Object.entries(byPath).map(([path, items]) => [segments(path), items]);
  }

  at(path: string): Record<string, string> | undefined {
    const steps = segments(path);
    return this.byPath[path] ?? this.entries.find(([p]) => covers(p, steps))?.[1];
  }
}

/** A node's annotations: its term's items and the template's; a key in both gets both values, `;`-joined. */
export function joinAnnotations(term: Record<string, string> | undefined, template: Record<string, string> | undefined): Record<string, string> {
  const out = { ...term };
  for (const [key, value] of Object.entries(template ?? {})) out[key] = out[key] === undefined ? value : `${out[key]};${value}`;
  return out;
}

// Web template support: the WebTemplate types, RM attribute tables and small tree helpers.
import type { ComplexNode, Multiplicity } from './types.ts';
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

// The web template nodes a FLAT key may name: the template's own, plus RM attributes EHRbase accepts although its
// web templates omit them (`_uid` on the composition, `_link` on archetyped nodes, an event's `width` and
// `math_function`, which make it an INTERVAL_EVENT; context `_participation`, `_health_care_facility`, `_end_time`
// and `_location`; an entry's `_other_participation`; an ISM_TRANSITION's states and an interval's `…_included`,
// where the template leaves them unconstrained).
import type { WebTemplateNode } from '../templates/index.ts';

const EVENTS = new Set(['EVENT', 'POINT_EVENT', 'INTERVAL_EVENT']);
const ENTRIES = new Set(['OBSERVATION', 'EVALUATION', 'INSTRUCTION', 'ACTION', 'ADMIN_ENTRY']);

function extra(parent: WebTemplateNode, id: string, rmType: string, attr: string, max: number): WebTemplateNode {
  return { id, name: id, rmType, min: 0, max, aqlPath: `${parent.aqlPath ?? ''}/${attr}` };
}

/** EVENT_CONTEXT for templates that leave it unconstrained (their web template has no `context` node). */
function rmContext(): WebTemplateNode {
  const context: WebTemplateNode = { id: 'context', name: 'context', rmType: 'EVENT_CONTEXT', min: 0, max: 1, aqlPath: '/context' };
  context.children = [extra(context, 'start_time', 'DV_DATE_TIME', 'start_time', 1), extra(context, 'setting', 'DV_CODED_TEXT', 'setting', 1)];
  return context;
}

const cache = new WeakMap<WebTemplateNode, WebTemplateNode[]>();

export function childrenOf(node: WebTemplateNode): WebTemplateNode[] {
  const cached = cache.get(node);
  if (cached) return cached;
  const own = node.children ?? [];
  const extras: WebTemplateNode[] = [];
  if (node.aqlPath === undefined) extras.push(extra(node, '_uid', 'OBJECT_VERSION_ID', 'uid', 1), rmContext());
  if (node.nodeId !== undefined && own.length > 0) extras.push(extra(node, '_link', 'LINK', 'links', -1));
  if (node.rmType === 'EVENT_CONTEXT') {
    extras.push(
      extra(node, '_participation', 'PARTICIPATION', 'participations', -1),
      extra(node, '_health_care_facility', 'PARTY_IDENTIFIED', 'health_care_facility', 1),
      extra(node, '_end_time', 'DV_DATE_TIME', 'end_time', 1),
      extra(node, '_location', 'STRING', 'location', 1),
    );
  }
  if (ENTRIES.has(node.rmType)) extras.push(extra(node, '_other_participation', 'PARTICIPATION', 'other_participations', -1));
  if (node.rmType === 'ISM_TRANSITION') {
    extras.push(...['current_state', 'transition', 'careflow_step'].map((attr) => extra(node, attr, 'DV_CODED_TEXT', attr, 1)));
  }
  if (EVENTS.has(node.rmType)) extras.push(extra(node, 'width', 'DV_DURATION', 'width', 1), extra(node, 'math_function', 'DV_CODED_TEXT', 'math_function', 1));
  if (node.rmType.startsWith('DV_INTERVAL'))
    extras.push(extra(node, 'lower_included', 'BOOLEAN', 'lower_included', 1), extra(node, 'upper_included', 'BOOLEAN', 'upper_included', 1));
  const all = [...own, ...extras.filter((e) => !own.some((o) => o.id === e.id))];
  cache.set(node, all);
  return all;
}

export const isLeaf = (node: WebTemplateNode): boolean => childrenOf(node).length === 0;

/** Whether `child` is one of several value choices of an element (same aqlPath, told apart by RM type). */
export const isChoice = (parent: WebTemplateNode, child: WebTemplateNode): boolean => childrenOf(parent).filter((c) => c.aqlPath === child.aqlPath).length > 1;

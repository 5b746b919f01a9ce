// Validates a canonical JSON COMPOSITION against a compiled template: one walk over the constrained parts of the
// composition, collecting every violation in document order. RM attributes the template does not constrain are
// not visited (the canonical module checks the reference-model shape).
import type { CanonicalObject } from '../canonical/index.ts';
import { checkCodePhrase, checkOrdinal, checkPrimitive, checkQuantity, jsonOf } from './leaf-constraints.ts';
import { conformsTo, isLocatable } from './rm-types.ts';
import { isArchetypeId, slotAllows, slotExpectation } from './slots.ts';
import type { AttributeNode, CompiledTemplate, ComplexNode, ConstraintNode, Multiplicity, SlotNode, TemplateViolation } from './types.ts';

type Obj = Record<string, unknown>;
type Out = TemplateViolation[];

export interface TemplateValidationOptions {
  /**
   * Enforce `XX` (must not be present) in C_DATE/C_TIME/C_DATE_TIME patterns. Default false: values more precise than
   * the pattern are accepted, as older openEHR_SDK validators did (e.g. the SDK's all_types_systematic_tests.json has
   * the full date `20190114` for `yyyy-??-XX`); required components are always enforced.
   */
  strictDatePatterns?: boolean;
}

/** Where violations go, and the options, threaded through the walk. */
interface Ctx {
  out: Out;
  strictDates: boolean;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const present = (v: unknown): boolean => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
const fmt = (m: Multiplicity): string => `${m.min}..${m.max ?? '*'}`;
const where = (path: string): string => path || '/';

function push(ctx: Ctx, path: string, jsonPath: string, constraint: string, expected: string, actual: string): void {
  ctx.out.push({ path: where(path), constraint, expected, actual, jsonPath });
}

/** Every violation of the template by the composition, in document order; [] when it conforms. */
export function validateAgainstTemplate(
  template: CompiledTemplate,
  composition: CanonicalObject,
  options: TemplateValidationOptions = {},
): TemplateViolation[] {
  const out: Out = [];
  const ctx: Ctx = { out, strictDates: options.strictDatePatterns === true };
  if (!isObj(composition)) {
    push(ctx, '', '$', 'rm_type', 'COMPOSITION', typeof composition);
    return out;
  }
  if (composition._type !== undefined && composition._type !== 'COMPOSITION') {
    push(ctx, '', '$._type', 'rm_type', 'COMPOSITION', typeof composition._type === 'string' ? composition._type : JSON.stringify(composition._type));
  }
  if (composition.archetype_node_id !== template.rootArchetypeId) {
    const actual = String(composition.archetype_node_id);
    push(ctx, '', '$.archetype_node_id', 'archetype_id', template.rootArchetypeId, actual);
  }
  const details = isObj(composition.archetype_details) ? composition.archetype_details : {};
  const templateId = isObj(details.template_id) ? details.template_id.value : undefined;
  if (templateId !== template.templateId) {
    push(ctx, '/archetype_details/template_id', '$.archetype_details.template_id.value', 'template_id', template.templateId, String(templateId));
  }
  validateComplex(template.root, composition, '', '$', ctx);
  return out;
}

function validateNode(node: ConstraintNode, value: Obj, path: string, jp: string, ctx: Ctx): void {
  switch (node.kind) {
    case 'complex':
      return validateComplex(node, value, path, jp, ctx);
    case 'codePhrase':
      return checkCodePhrase(node, value, path, jp, ctx.out);
    case 'quantity':
      return checkQuantity(node, value, path, jp, ctx.out);
    case 'ordinal':
      return checkOrdinal(node, value, path, jp, ctx.out);
    case 'primitive':
      return checkPrimitive(node, value, path, jp, ctx.out, ctx.strictDates);
    case 'slot':
      return;
  }
}

// Node identity is `archetype_node_id` (the archetype id at archetype roots). `archetype_details.archetype_id` is
// not compared: keeping it equal to archetype_node_id is an RM invariant, not a template constraint (the SDK's
// minimal_action2_1.json carries a COMPOSITION archetype id there on an ACTION).
function validateComplex(node: ComplexNode, value: Obj, path: string, jp: string, ctx: Ctx): void {
  const attributes = node.attributes;
  if (attributes.length === 0) return;
  for (const key in value) {
    for (const attr of attributes) {
      if (attr.name === key) {
        if (present(value[key])) validateAttribute(attr, value[key], path, jp, ctx);
        break;
      }
    }
  }
  for (const attr of attributes) if (!present(value[attr.name])) missingAttribute(attr, value, path, jp, ctx);
}

function validateAttribute(attr: AttributeNode, raw: unknown, ownerPath: string, ownerJp: string, ctx: Ctx): void {
  const path = `${ownerPath}/${attr.name}`;
  const jp = `${ownerJp}.${attr.name}`;
  if (attr.existence.max === 0) return push(ctx, path, jp, 'existence', 'absent (existence 0..0)', 'present');
  if (!attr.multiple || !Array.isArray(raw)) {
    matchChild(attr.children, raw, path, jp, ctx);
    return;
  }
  const counts = new Array<number>(attr.children.length).fill(0);
  for (let i = 0; i < raw.length; i++) {
    const index = matchChild(attr.children, raw[i], path, `${jp}[${i}]`, ctx);
    if (index >= 0) counts[index] = (counts[index] ?? 0) + 1;
  }
  const card = attr.cardinality;
  if (card && (raw.length < card.min || (card.max !== null && raw.length > card.max))) {
    push(ctx, path, jp, 'cardinality', fmt(card), `${raw.length} items`);
  }
  attr.children.forEach((child, i) => {
    const n = counts[i] ?? 0;
    const occ = child.occurrences;
    if (n >= occ.min && (occ.max === null || n <= occ.max)) return;
    push(ctx, childPath(path, child), jp, 'occurrences', fmt(occ), String(n));
  });
}

/** A constrained attribute absent from the composition: existence, or the mandatory members of a container. */
function missingAttribute(attr: AttributeNode, owner: Obj, ownerPath: string, ownerJp: string, ctx: Ctx): void {
  const path = `${ownerPath}/${attr.name}`;
  const jp = `${ownerJp}.${attr.name}`;
  if (attr.existence.min >= 1) {
    // RM functions (EVENT.offset, DV_PROPORTION.is_integral) are computed, never serialised; an ELEMENT with a
    // null_flavour has no value (RM invariant).
    if (attr.computed === true || (attr.name === 'value' && present(owner.null_flavour))) return;
    return push(ctx, path, jp, 'existence', `present (existence ${fmt(attr.existence)})`, 'absent');
  }
  if (!attr.multiple) return;
  for (const child of attr.children) {
    if (child.occurrences.min >= 1) push(ctx, childPath(path, child), jp, 'occurrences', fmt(child.occurrences), '0');
  }
}

function childPath(attrPath: string, child: ConstraintNode): string {
  return child.nodeId && isLocatable(child.rmType) ? `${attrPath}[${child.nodeId}]` : attrPath;
}

/** Finds the template child a composition value stands for and validates it there; returns its index or -1. */
function matchChild(children: ConstraintNode[], v: unknown, attrPath: string, jp: string, ctx: Ctx): number {
  if (!isObj(v)) {
    const index = children.findIndex((c) => c.kind === 'primitive');
    const primitive = children[index];
    if (primitive?.kind !== 'primitive') {
      push(ctx, attrPath, jp, 'value_type', 'an object', jsonOf(v) ?? String(v));
      return -1;
    }
    checkPrimitive(primitive, v, attrPath, jp, ctx.out, ctx.strictDates);
    return index;
  }
  const nodeId = typeof v.archetype_node_id === 'string' ? v.archetype_node_id : undefined;
  const type = typeof v._type === 'string' ? v._type : undefined;
  const path = nodeId === undefined ? attrPath : `${attrPath}[${nodeId}]`;
  const candidates: number[] = [];
  children.forEach((c, i) => {
    if (c.kind !== 'slot' && (!isLocatable(c.rmType) || c.nodeId === nodeId)) candidates.push(i);
  });
  if (candidates.length === 0) return matchSlot(children, nodeId, type, path, jp, ctx);
  const typed = type === undefined ? candidates : candidates.filter((i) => conformsTo(type, children[i]?.rmType ?? ''));
  if (typed.length === 0) {
    push(ctx, path, `${jp}._type`, 'rm_type', oneOf(candidates.map((i) => children[i]?.rmType)), String(type));
    return -1;
  }
  if (typed.length === 1) {
    validateNode(children[typed[0] ?? 0] as ConstraintNode, v, path, jp, ctx);
    return typed[0] ?? -1;
  }
  // Alternatives (same node id with different names, ISM_TRANSITION variants, choice of data value types …):
  // the first that fits; otherwise the one with the fewest violations.
  let best = -1;
  let bestOut: Out | undefined;
  for (const i of typed) {
    const trial: Out = [];
    validateNode(children[i] as ConstraintNode, v, path, jp, { ...ctx, out: trial });
    if (trial.length === 0) return i;
    if (!bestOut || trial.length < bestOut.length) [best, bestOut] = [i, trial];
  }
  ctx.out.push(...(bestOut ?? []));
  return best;
}

/** No template node has the value's node id: an archetype some slot allows, a slot violation or an extra node. */
function matchSlot(children: ConstraintNode[], nodeId: string | undefined, type: string | undefined, path: string, jp: string, ctx: Ctx): number {
  const fits = (c: ConstraintNode): c is SlotNode => c.kind === 'slot' && (type === undefined || conformsTo(type, c.rmType));
  const slots = children.filter(fits);
  if (nodeId !== undefined && isArchetypeId(nodeId) && slots.length > 0) {
    // an archetype the template does not include: its content is not constrained
    const index = children.findIndex((c) => fits(c) && slotAllows(c, nodeId));
    if (index >= 0) return index;
    push(ctx, path, `${jp}.archetype_node_id`, 'slot', slotExpectation(slots), nodeId);
    return -1;
  }
  const known = children.map((c) => c.nodeId).filter((id) => id !== '');
  const actual = nodeId ?? `${type ?? 'object'} without archetype_node_id`;
  push(ctx, path, jp, 'extra_node', known.length > 0 ? oneOf(known) : 'no node here', actual);
  return -1;
}

const oneOf = (values: readonly unknown[]): string => `one of ${values.map(String).join(', ')}`;

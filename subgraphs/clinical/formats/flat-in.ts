// FLAT → canonical JSON: group the keys by segment, match each segment to a web template node by id, and build
// the canonical objects along the node's aqlPath (intermediate HISTORY, ITEM_TREE … from the compiled template).
import { codeLabel, codeValue, text } from '../templates/example-values.ts';
import { childOf } from '../templates/web-template-inputs.ts';
import { explicitName } from '../templates/web-template-names.ts';
import { baseType, concreteType } from '../templates/rm-types.ts';
import { nameOf } from '../templates/web-template-support.ts';
import type { CompiledTemplate, ConstraintNode, WebTemplate, WebTemplateNode } from '../templates/index.ts';
import { keysOf, keyTree, parseFlatKey, type FlatKey, type KeyTree } from './flat-keys.ts';
import { isObj, lookup, relativeSteps, select, type Obj, type Step } from './flat-paths.ts';
import { completeComposition, type FlatContext } from './flat-rm.ts';
import { childrenOf, isLeaf } from './flat-tree.ts';
import { decodeValue } from './flat-values.ts';

export interface FlatViolation {
  /** The FLAT key at fault, exactly as given. */
  key: string;
  kind: 'unknown path' | 'invalid value';
  detail: string;
}

export type FromFlatResult = { composition: Obj; violations?: undefined } | { composition?: undefined; violations: FlatViolation[] };

/** RM attributes that hold lists, for attributes the template does not constrain. */
const LISTS = new Set(['content', 'items', 'events', 'activities', 'links', 'participations', 'other_participations']);
const CTX: Record<string, keyof FlatContext> = { language: 'language', territory: 'territory', composer_name: 'composerName', time: 'time' };

export function fromFlat(flat: unknown, template: CompiledTemplate, web: WebTemplate): FromFlatResult {
  if (!isObj(flat)) return { violations: [{ key: '', kind: 'invalid value', detail: 'FLAT is a JSON object of keys and values' }] };
  const violations: FlatViolation[] = [];
  const ctx: FlatContext = {};
  const entries: Array<[string, FlatKey, unknown]> = [];
  for (const [key, value] of Object.entries(flat)) {
    if (key.startsWith('ctx/')) readContext(key, value, ctx, violations);
    else {
      const parsed = parseFlatKey(key);
      if (parsed?.segments[0]?.id === web.tree.id && parsed.segments[0].index === undefined)
        entries.push([key, { ...parsed, segments: parsed.segments.slice(1) }, value]);
      else violations.push({ key, kind: 'unknown path', detail: `FLAT keys start with ${web.tree.id}/` });
    }
  }
  const root = template.root;
  const composition: Obj = {
    _type: 'COMPOSITION',
    name: text(nameOf(root)),
    archetype_details: {
      _type: 'ARCHETYPED',
      archetype_id: { _type: 'ARCHETYPE_ID', value: root.nodeId },
      template_id: { _type: 'TEMPLATE_ID', value: template.templateId },
      rm_version: '1.0.4',
    },
    archetype_node_id: root.nodeId,
  };
  new Builder(violations).build(web.tree, keyTree(entries), composition, root);
  if (violations.length > 0) return { violations };
  completeComposition(composition, ctx, template.language);
  return { composition };
}

function readContext(key: string, value: unknown, ctx: FlatContext, violations: FlatViolation[]): void {
  const field = lookup(CTX, key.slice(4));
  if (field === undefined)
    violations.push({
      key,
      kind: 'unknown path',
      detail: `supported: ${Object.keys(CTX)
        .map((k) => `ctx/${k}`)
        .join(', ')}`,
    });
  else if (typeof value !== 'string') violations.push({ key, kind: 'invalid value', detail: 'expected a string' });
  else ctx[field] = value;
}

class Builder {
  constructor(private readonly violations: FlatViolation[]) {}

  build(node: WebTemplateNode, tree: KeyTree, o: Obj, c: ConstraintNode | undefined): void {
    for (const { key } of tree.values.values()) this.unknown(key, `${node.id} has no value of its own`);
    for (const [id, byIndex] of tree.children) {
      const child = childrenOf(node).find((n) => n.id === id);
      for (const [index, sub] of [...byIndex].sort(([a], [b]) => (a ?? 0) - (b ?? 0))) {
        if (child === undefined) keysOf(sub).forEach((k) => this.unknown(k, `${node.id} has no child ${id}`));
        else if (index !== undefined && child.max === 1) keysOf(sub).forEach((k) => this.unknown(k, `${id} occurs at most once: no index`));
        else this.place(node, child, sub, o, c);
      }
    }
  }

  private unknown(key: string, detail: string): void {
    this.violations.push({ key, kind: 'unknown path', detail });
  }

  /** One instance of `child` below `o`: shared intermediates are reused, the child's own objects created. */
  private place(parent: WebTemplateNode, child: WebTemplateNode, tree: KeyTree, o: Obj, c: ConstraintNode | undefined): void {
    const steps = relativeSteps(parent.aqlPath ?? '', child.aqlPath ?? '');
    const fresh = ownSteps(steps);
    let at = o;
    let atC = c;
    for (const [i, step] of steps.entries()) {
      const stepC = childConstraint(atC, step);
      if (i === steps.length - 1 && isLeaf(child)) {
        this.leaf(child, tree, at, step, atC);
        return;
      }
      const existing = i < fresh ? select(at, step)[0] : undefined;
      if (isObj(existing)) at = existing;
      else {
        const created = skeleton(i === steps.length - 1 ? child.rmType : (stepC?.rmType ?? step.attr), step, stepC);
        attach(at, step, created, atC);
        at = created;
      }
      atC = stepC;
    }
    this.build(child, tree, at, atC);
  }

  private leaf(node: WebTemplateNode, tree: KeyTree, at: Obj, step: Step, atC: ConstraintNode | undefined): void {
    for (const [id, byIndex] of tree.children) for (const sub of byIndex.values()) keysOf(sub).forEach((k) => this.unknown(k, `${node.id} has no child ${id}`));
    const type = baseType(node.rmType);
    const other = tree.values.get('other');
    const decoded =
      type === 'DV_CODED_TEXT' && other !== undefined && tree.values.size === 1
        ? decodeValue('DV_TEXT', 'DV_TEXT', new Map([['', other]]))
        : decodeValue(type, concreteType(node.rmType), tree.values);
    if ('violations' in decoded) this.violations.push(...decoded.violations);
    else if (tree.values.size > 0) attach(at, step, decoded.value, atC);
  }
}

/** Index of the first step that belongs to the node itself: its last step, or the ELEMENT holding its value. */
function ownSteps(steps: Step[]): number {
  const last = steps.length - 1;
  return steps[last]?.attr === 'value' && steps[last - 1]?.nodeId !== undefined ? last - 1 : last;
}

function childConstraint(c: ConstraintNode | undefined, step: Step): ConstraintNode | undefined {
  if (c?.kind !== 'complex') return undefined;
  const children = (c.attributes.find((a) => a.name === step.attr)?.children ?? []).filter((x) => x.kind !== 'slot');
  if (step.nodeId === undefined) return children[0];
  const same = children.filter((x) => x.nodeId === step.nodeId);
  if (same.length <= 1 || step.name === undefined) return same[0];
  return same.find((x) => x.kind === 'complex' && (explicitName(x) ?? nameOf(x)) === step.name);
}

/** A node's name: the template's coded name if it has one, else the text from the path or the template. */
function nameValue(c: ConstraintNode | undefined, fallback: string): Obj {
  const name = c?.kind === 'complex' ? c.attributes.find((a) => a.name === 'name')?.children[0] : undefined;
  const code = name && baseType(name.rmType) === 'DV_CODED_TEXT' ? childOf(name, 'defining_code') : undefined;
  if (code?.kind !== 'codePhrase' || code.codes.length === 0) return text(fallback);
  return { _type: 'DV_CODED_TEXT', value: codeLabel(code), defining_code: codeValue(code) };
}

const RM_TYPES: Record<string, string> = { context: 'EVENT_CONTEXT', ism_transition: 'ISM_TRANSITION', other_context: 'ITEM_TREE', data: 'ITEM_TREE' };

function skeleton(rmType: string, step: Step, c: ConstraintNode | undefined): Obj {
  const o: Obj = { _type: concreteType(lookup(RM_TYPES, rmType) ?? rmType) };
  if (step.nodeId === undefined) return o;
  o.name = nameValue(c, step.name ?? (c?.kind === 'complex' ? nameOf(c) : rmType));
  if (c?.kind === 'complex' && c.archetypeId !== undefined) {
    o.archetype_details = { _type: 'ARCHETYPED', archetype_id: { _type: 'ARCHETYPE_ID', value: c.archetypeId }, rm_version: '1.0.4' };
  }
  o.archetype_node_id = step.nodeId;
  return o;
}

function attach(o: Obj, step: Step, value: unknown, c: ConstraintNode | undefined): void {
  const attr = c?.kind === 'complex' ? c.attributes.find((a) => a.name === step.attr) : undefined;
  if (!(attr?.multiple ?? LISTS.has(step.attr))) {
    o[step.attr] = value;
    return;
  }
  const list = o[step.attr];
  if (Array.isArray(list)) list.push(value);
  else o[step.attr] = [value];
}

// Web template names: node ids, fixed names and the name predicates EHRbase writes into aqlPaths.
import { isLocatable } from './rm-types.ts';
import type { ComplexNode, ConstraintNode } from './types.ts';
import { childOf } from './web-template-inputs.ts';
import { nameOf } from './web-template-support.ts';

/** EHRbase's web template id of a name: letters (any script, accents kept), digits, `.`, `_`, `-`; words joined
 * by `_`, lower case; a leading digit gets an `a` (`24 Stunden` → `a24_stunden`). */
export function webTemplateId(name: string): string {
  // Lower case first: lowering may add marks that are not letters (İ → i + U+0307), which are folded too.
  const id = name
    .toLowerCase()
    .replace(/[^\p{Alphabetic}0-9._-]/gu, ' ')
    .trim()
    .split(/\s+/)
    .join('_');
  if (id === '') return 'node';
  return /^[0-9]/.test(id) ? `a${id}` : id;
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
  const unnamed = steps.map(withoutLastName);
  return steps.map((step, i) => {
    const c = children[i];
    if (!c || !archetyped(c) || explicitName(c) !== undefined) return step;
    const clash = steps.some((other, j) => other !== step && unnamed[j] === step);
    return clash ? `${base}${predicate(c.nodeId, nameOf(c))}` : step;
  });
}

/** The path without the name in its last predicate (`…/items[at0001,'X']` → `…/items[at0001]`). */
export function withoutLastName(path: string): string {
  if (!path.endsWith("']")) return path;
  return path.replace(/\[([^\],']+),'(?:[^'\\]|\\.)*'\]$/, '[$1]');
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

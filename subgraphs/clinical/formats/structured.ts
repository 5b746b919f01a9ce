// STRUCTURED (EHRbase) ↔ FLAT: the same keys nested, every node a list of its instances, a leaf either its bare
// value or an object of `|suffix` attributes (the bare value then under `""`). Converting through FLAT keeps one
// place for the web template rules; indexes follow the web template (none on nodes that occur at most once).
import type { CompiledTemplate, WebTemplate, WebTemplateNode } from '../templates/index.ts';
import { fromFlat, type FromFlatResult } from './flat-in.ts';
import { toFlat, type Flat } from './flat-out.ts';
import { parseFlatKey, segmentText } from './flat-keys.ts';
import { isObj, type Obj } from './flat-paths.ts';
import { childrenOf } from './flat-tree.ts';

export function toStructured(composition: unknown, web: WebTemplate): Obj {
  const root: Obj = {};
  for (const [key, value] of Object.entries(toFlat(composition, web))) {
    const parsed = parseFlatKey(key);
    if (parsed) insert(root, parsed.segments, parsed.suffix, value);
  }
  return root;
}

function insert(root: Obj, segments: Array<{ id: string; index: number | undefined }>, suffix: string, value: unknown): void {
  const [first, ...rest] = segments;
  if (!first) return;
  let at = ownOr(root, first.id, {}) as Obj;
  for (const [i, { id, index }] of rest.entries()) {
    const list = ownOr(at, id, []) as unknown[];
    const n = index ?? 0;
    if (i === rest.length - 1) {
      list[n] = leaf(list[n], suffix, value);
      return;
    }
    if (!isObj(list[n])) list[n] = {};
    at = list[n] as Obj;
  }
}

/** `o[key]` if `o` has it as its own property, else `fallback` stored there (a template id may be `__proto__`). */
function ownOr(o: Obj, key: string, fallback: unknown): unknown {
  if (!Object.hasOwn(o, key)) Object.defineProperty(o, key, { value: fallback, enumerable: true, writable: true, configurable: true });
  return o[key];
}

/** A leaf: its bare value alone, or its attributes by `|suffix` (a bare value among them under `""`). */
function leaf(current: unknown, suffix: string, value: unknown): unknown {
  if (current === undefined) return suffix === '' ? value : { [`|${suffix}`]: value };
  const attrs: Obj = isObj(current) && Object.keys(current).every((k) => k === '' || k.startsWith('|')) ? current : { '': current };
  attrs[suffix === '' ? '' : `|${suffix}`] = value;
  return attrs;
}

export function fromStructured(structured: unknown, template: CompiledTemplate, web: WebTemplate): FromFlatResult {
  const flat: Flat = {};
  if (!isObj(structured)) return { violations: [{ key: '', kind: 'invalid value', detail: 'STRUCTURED is a JSON object' }] };
  for (const [id, value] of Object.entries(structured)) {
    if (id === web.tree.id) flatten(value, id, web.tree, flat);
    else setOwn(flat, id, value); // reported by fromFlat (ctx/… or an unknown root)
  }
  return fromFlat(flat, template, web);
}

const setOwn = (o: Obj, key: string, value: unknown): void => {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
};

function flatten(value: unknown, prefix: string, node: WebTemplateNode | undefined, flat: Flat): void {
  if (!isObj(value)) {
    setOwn(flat, prefix, value);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k === '') setOwn(flat, prefix, v);
    else if (k.startsWith('|')) setOwn(flat, `${prefix}${k}`, v);
    else {
      const child = node === undefined ? undefined : childrenOf(node).find((c) => c.id === k);
      const instances = Array.isArray(v) ? v : [v];
      const single = child?.max === 1 && instances.length === 1;
      instances.forEach((m, i) => flatten(m, `${prefix}/${segmentText(k, single ? undefined : i)}`, child, flat));
    }
  }
}

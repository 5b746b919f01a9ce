// Canonical JSON → FLAT: walk the web template, select each node's canonical objects by its aqlPath, and write the
// leaves' FLAT attributes under their keys (indexes `:n` on nodes that may occur more than once).
import { baseType, concreteType } from '../templates/rm-types.ts';
import type { WebTemplate, WebTemplateNode } from '../templates/index.ts';
import { segmentText } from './flat-keys.ts';
import { isObj, relativeSteps, select } from './flat-paths.ts';
import { childrenOf, isChoice, isLeaf } from './flat-tree.ts';
import { encodeValue } from './flat-values.ts';

export type Flat = Record<string, unknown>;

export function toFlat(composition: unknown, web: WebTemplate): Flat {
  const out: Flat = {};
  emitNode(web.tree, composition, web.tree.id, out);
  return out;
}

function emitNode(node: WebTemplateNode, o: unknown, prefix: string, out: Flat): void {
  for (const child of childrenOf(node)) {
    let values = [o];
    for (const step of relativeSteps(node.aqlPath ?? '', child.aqlPath ?? '')) values = values.flatMap((v) => select(v, step));
    if (isChoice(node, child)) values = values.filter((v) => isObj(v) && v._type === concreteType(child.rmType));
    if (child.max === 1) values = values.slice(0, 1);
    values.forEach((v, i) => {
      const key = `${prefix}/${segmentText(child.id, child.max === 1 ? undefined : i)}`;
      if (isLeaf(child)) emitLeaf(child, v, key, out);
      else emitNode(child, v, key, out);
    });
  }
}

function emitLeaf(node: WebTemplateNode, v: unknown, key: string, out: Flat): void {
  const type = baseType(node.rmType);
  if (type === 'DV_CODED_TEXT' && isObj(v) && v._type === 'DV_TEXT') {
    out[`${key}|other`] = v.value;
    return;
  }
  for (const [suffix, value] of encodeValue(type, v)) out[suffix === '' ? key : `${key}|${suffix}`] = value;
}

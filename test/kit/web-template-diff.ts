// Structural diff of this project's web template against EHRbase's reference web template for the same OPT.
// Children are matched by id (order is not compared, as in EHRbase's own OPTParserTest), then the compared
// attributes of each matched node are checked. Differences are reported by id path, in tree order.
// docs/templates.md ("Compared with EHRbase") lists the attributes and the deliberate differences.
import { isDeepStrictEqual } from 'node:util';

// Loosely typed on purpose: EHRbase's web template JSON.
type Json = any;

/** Node attributes compared with EHRbase's reference (step 1: structure, inputs, annotations). */
export const STRUCTURAL = [
  'rmType',
  'nodeId',
  'min',
  'max',
  'aqlPath',
  'name',
  'localizedName',
  'inContext',
  'proportionTypes',
  'inputs',
  'annotations',
] as const;
/** Step 2: presentational, per-language fields. */
export const PRESENTATIONAL = ['localizedNames', 'localizedDescriptions', 'inputLabels'] as const;
type Attribute = (typeof STRUCTURAL)[number] | (typeof PRESENTATIONAL)[number];

export interface WebTemplateDifference {
  path: string;
  kind: 'header' | 'missing' | 'extra' | Attribute;
  ours?: unknown;
  theirs?: unknown;
}

/** The header (templateId, version, defaultLanguage, languages as a set) and the tree, node by node. */
export function diffWebTemplates(ours: Json, theirs: Json, attributes: readonly Attribute[] = STRUCTURAL): WebTemplateDifference[] {
  const out: WebTemplateDifference[] = [];
  const header = (t: Json) => ({ ...t, tree: undefined, languages: [...(t.languages ?? [])].sort() });
  if (!isDeepStrictEqual(header(ours), header(theirs))) out.push({ path: '', kind: 'header', ours: header(ours), theirs: header(theirs) });
  diffNode(ours.tree, theirs.tree, theirs.tree.id, attributes, out);
  return out;
}

/** Counts per difference kind. */
export function countKinds(diffs: WebTemplateDifference[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of diffs) counts[d.kind] = (counts[d.kind] ?? 0) + 1;
  return counts;
}

function diffNode(ours: Json, theirs: Json, path: string, attributes: readonly Attribute[], out: WebTemplateDifference[]): void {
  for (const key of attributes) {
    const [a, b] = [valueOf(ours, key), valueOf(theirs, key)];
    if (!isDeepStrictEqual(a, b) && !deliberate(key, ours, theirs)) out.push({ path, kind: key, ours: a, theirs: b });
  }
  const mine: Json[] = ours.children ?? [];
  const other: Json[] = theirs.children ?? [];
  const byId = new Map(mine.map((c) => [c.id, c]));
  const theirIds = new Set(other.map((c) => c.id));
  for (const c of other) {
    const match = byId.get(c.id);
    if (match) diffNode(match, c, `${path}/${c.id}`, attributes, out);
    else out.push({ path: `${path}/${c.id}`, kind: 'missing', theirs: c.aqlPath });
  }
  for (const c of mine) if (!theirIds.has(c.id) && !ALWAYS_OURS.has(c.id)) out.push({ path: `${path}/${c.id}`, kind: 'extra', ours: c.aqlPath });
}

/** ACTION.instruction_details (activity_id, instruction_id): EHRbase's generator emits them (test_all_types.json), its reference files do not. */
const ALWAYS_OURS = new Set(['activity_id', 'instruction_id']);

/** The compared value; empty values EHRbase writes (`nodeId: ""`, the root's `aqlPath: ""`) count as absent. */
function valueOf(node: Json, key: Attribute): unknown {
  if (key === 'inputs') return node.inputs?.map((i: Json) => withoutLabels(i, node.id)).sort(bySuffix);
  // The XML parser trims text; the reference keeps the OPT's indentation around (and inside) texts.
  if (key === 'annotations' || key === 'localizedDescriptions' || key === 'localizedNames') return collapsed(node[key]);
  if (key === 'inputLabels') return collapsed(node.inputs?.map((i: Json) => i.list?.map((v: Json) => [v.value, v.localizedLabels, v.localizedDescriptions])));
  if (key === 'proportionTypes') return node.proportionTypes ? [...node.proportionTypes].sort() : undefined;
  const value = node[key];
  return value === '' ? undefined : value;
}

/**
 * An input as compared: without the per-language labels (step 2) and term bindings of its code list, the list
 * in value order and the inputs in suffix order (EHRbase's OPTParserTest matches both by key too); without the
 * `terminology` EHRbase's generator writes (test_all_types.json) and its reference files omit: `local`, and
 * `openehr` on the ISM transition's current_state.
 */
const collapsed = (value: unknown): unknown =>
  value === undefined
    ? undefined
    : JSON.parse(
        JSON.stringify(value)
          .replace(/(\\n|\s)+/g, ' ')
          .replace(/ "/g, '"'),
      );

function withoutLabels({ terminology, ...input }: Json, nodeId: string): Json {
  const implied = terminology === 'local' || (terminology === 'openehr' && nodeId === 'current_state');
  const out = terminology === undefined || implied ? input : { ...input, terminology };
  if (!out.list) return out;
  const list = out.list.map(({ localizedLabels: _l, localizedDescriptions: _d, termBindings: _t, ...item }: Json) => item);
  return { ...out, list: list.sort((a: Json, b: Json) => String(a.value).localeCompare(String(b.value))) };
}

const bySuffix = (a: Json, b: Json): number => `${a.suffix}:${a.type}`.localeCompare(`${b.suffix}:${b.type}`);

/**
 * Deliberate differences. RM attribute nodes (no node id: composer, language, subject, time …): EHRbase's reference files name them
 * `Language`, `Time` … and give RM-mandatory ones `min: 0`; this project, like EHRbase's own generator
 * (test_all_types.json), names them after the attribute and keeps the RM's `min: 1`.
 */
function deliberate(key: Attribute, ours: Json, theirs: Json): boolean {
  if (theirs.nodeId) return false;
  // A value choice (`quantity_value` …) carries its element's node id in EHRbase's generator (test_all_types.json).
  if (key === 'nodeId') return /_value\d*$/.test(ours.id);
  // ACTIVITY.timing: optional since RM 1.1 (EHRbase's generator, test_all_types.json), mandatory in the reference.
  if (key === 'min' && ours.id === 'timing') return ours.min === 0 && theirs.min === 1;
  if (key === 'name' || key === 'localizedName') return true;
  return key === 'min' && ours.min === 1 && theirs.min === 0;
}

/**
 * openEHR paths inside an entry (`/data[at0001]/events[at0002]/data[at0003]/items[at0004]/value`)
 * compiled to a match on `numeric_values.element_path` (migration 007), which names the node id of
 * every step whose object has one. Attribute names and node ids are checked tokens.
 */
export type CompiledPath =
  /** The path gives every step's node id: equality, served by the index. */
  | { exact: string }
  /** A regular expression in which a step without a predicate matches any node id or none. */
  | { pattern: string };

export class ElementPathError extends Error {}

const MAX_LENGTH = 500;
const MAX_SEGMENTS = 32;
const SEGMENT = /^([a-z][a-z0-9_]*)(?:\[([^\]]*)\])?$/;
/** at-codes (ADL 1.4), id-codes (ADL 2) and archetype ids (slots filled by archetypes, e.g. CLUSTERs). */
export const ARCHETYPE_ID = /^[A-Za-z][A-Za-z0-9_]*-[A-Za-z][A-Za-z0-9_]*-[A-Z][A-Z_]*\.[A-Za-z][A-Za-z0-9_-]*\.v\d+(\.\d+){0,2}$/;
const NODE_ID = /^(at\d{4,}(\.\d+)*|id\d+(\.\d+)*)$/;

interface Step {
  name: string;
  nodeId: string | null;
}

export function compileElementPath(path: string): CompiledPath {
  if (path.length > MAX_LENGTH) throw new ElementPathError(`is longer than ${MAX_LENGTH} characters`);
  if (!path.startsWith('/'))
    throw new ElementPathError('must start with / (a path inside the entry, e.g. /data[at0001]/events[at0002]/data[at0003]/items[at0004]/value)');
  const segments = path.slice(1).split('/');
  if (segments.length > MAX_SEGMENTS) throw new ElementPathError(`has more than ${MAX_SEGMENTS} steps`);
  const steps = segments.map((segment, i): Step => {
    const match = SEGMENT.exec(segment);
    if (!match) throw new ElementPathError(`step ${i + 1} "${segment}" is not an attribute name with an optional [node id] predicate`);
    const name = match[1] as string;
    const nodeId = match[2]?.trim() ?? null;
    if (nodeId !== null && !NODE_ID.test(nodeId) && !ARCHETYPE_ID.test(nodeId)) {
      throw new ElementPathError(
        `step ${i + 1} "${segment}": a predicate must be a node id such as at0004 or an archetype id (name predicates are not supported)`,
      );
    }
    return { name, nodeId };
  });
  if (segments.at(-1) !== 'value' || segments.length < 2) {
    throw new ElementPathError("must end at an ELEMENT's /value (a DV_QUANTITY, DV_COUNT or DV_PROPORTION)");
  }
  const stepText = (step: Step) => `/${step.name}${step.nodeId === null ? '' : `[${step.nodeId}]`}`;
  // The last step is the ELEMENT's `value`: a data value, which has no node id.
  if (steps.slice(0, -1).every((step) => step.nodeId !== null)) return { exact: steps.map(stepText).join('') };
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const last = steps.length - 1;
  const pattern = steps.map((step, i) => (step.nodeId === null && i < last ? `/${step.name}(\\[[^\\]]*\\])?` : escape(stepText(step))));
  return { pattern: `^${pattern.join('')}$` };
}

/**
 * openEHR paths inside an entry (`/data[at0001]/events[at0002]/data[at0003]/items[at0004]/value`)
 * compiled to SQL/JSON paths. Attribute names are checked tokens; node ids never enter the path
 * text, they travel as jsonpath variables.
 */
export interface CompiledPath {
  /** Lax SQL/JSON path selecting the data value objects the openEHR path names. */
  jsonpath: string;
  /** `$n0`, `$n1`, …: the node ids of the predicates. */
  vars: Record<string, string>;
}

export class ElementPathError extends Error {}

const MAX_LENGTH = 500;
const MAX_SEGMENTS = 32;
const SEGMENT = /^([a-z][a-z0-9_]*)(?:\[([^\]]*)\])?$/;
/** at-codes (ADL 1.4), id-codes (ADL 2) and archetype ids (slots filled by archetypes, e.g. CLUSTERs). */
export const ARCHETYPE_ID = /^[A-Za-z][A-Za-z0-9_]*-[A-Za-z][A-Za-z0-9_]*-[A-Z][A-Z_]*\.[A-Za-z][A-Za-z0-9_-]*\.v\d+(\.\d+){0,2}$/;
const NODE_ID = /^(at\d{4,}(\.\d+)*|id\d+(\.\d+)*)$/;

export function compileElementPath(path: string): CompiledPath {
  if (path.length > MAX_LENGTH) throw new ElementPathError(`is longer than ${MAX_LENGTH} characters`);
  if (!path.startsWith('/')) throw new ElementPathError('must start with / (a path inside the entry, e.g. /data[at0001]/events[at0002]/data[at0003]/items[at0004]/value)');
  const segments = path.slice(1).split('/');
  if (segments.length > MAX_SEGMENTS) throw new ElementPathError(`has more than ${MAX_SEGMENTS} steps`);
  const vars: Record<string, string> = {};
  const steps = segments.map((segment, i) => {
    const match = SEGMENT.exec(segment);
    if (!match) throw new ElementPathError(`step ${i + 1} "${segment}" is not an attribute name with an optional [node id] predicate`);
    const [, name, predicate] = match;
    if (predicate === undefined) return `."${name}"`;
    const nodeId = predicate.trim();
    if (!NODE_ID.test(nodeId) && !ARCHETYPE_ID.test(nodeId)) {
      throw new ElementPathError(`step ${i + 1} "${segment}": a predicate must be a node id such as at0004 or an archetype id (name predicates are not supported)`);
    }
    vars[`n${i}`] = nodeId;
    return `."${name}" ? (@.archetype_node_id == $n${i})`;
  });
  if (segments.at(-1) !== 'value' || segments.length < 2) {
    throw new ElementPathError("must end at an ELEMENT's /value (a DV_QUANTITY, DV_COUNT or DV_PROPORTION)");
  }
  return { jsonpath: `lax $${steps.join('')}`, vars };
}

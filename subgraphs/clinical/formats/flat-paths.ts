// Steps of a web template aqlPath (`/content[openEHR-EHR-SECTION.adhoc.v1,'Symptome']/items[at0001]/value`) and
// the canonical objects they select. Predicates hold an archetype node id and, for same-id siblings, a name.

export interface Step {
  attr: string;
  nodeId?: string;
  name?: string;
}

export type Obj = Record<string, unknown>;

/** `table[key]` for the table's own keys only (`constructor`, `__proto__` … are no entries). */
export const lookup = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Splits at `/` outside predicates and quotes. */
function rawSteps(path: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of path) {
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '[') depth++;
    else if (!quoted && ch === ']') depth--;
    if (ch === '/' && depth === 0 && !quoted) {
      if (current) out.push(current);
      current = '';
    } else current += ch;
  }
  if (current) out.push(current);
  return out;
}

function parseStep(raw: string): Step {
  const open = raw.indexOf('[');
  if (open < 0) return { attr: raw };
  const predicate = raw.slice(open + 1, -1);
  const comma = predicate.indexOf(',');
  if (comma < 0) return { attr: raw.slice(0, open), nodeId: predicate.trim() };
  const name = predicate.slice(comma + 1).trim();
  return { attr: raw.slice(0, open), nodeId: predicate.slice(0, comma).trim(), name: name.replace(/^'|'$/g, '') };
}

export const parseAqlPath = (path: string): Step[] => rawSteps(path).map(parseStep);

/** The steps from a parent node's aqlPath down to one of its children's. */
export const relativeSteps = (parent: string, child: string): Step[] => parseAqlPath(child.slice(parent.length));

/** Whether a canonical object is the one a step's predicate names. */
export function matchesStep(o: unknown, step: Step): boolean {
  if (step.nodeId === undefined) return true;
  if (!isObj(o) || o.archetype_node_id !== step.nodeId) return false;
  return step.name === undefined || (isObj(o.name) && o.name.value === step.name);
}

/** The values a step selects below `o` (array members or the single value). */
export function select(o: unknown, step: Step): unknown[] {
  if (!isObj(o)) return [];
  const v = o[step.attr];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((m) => matchesStep(m, step));
}

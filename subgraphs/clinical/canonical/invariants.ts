// Reference-model invariants of a structurally valid COMPOSITION (validate.ts ran first), collected over the whole
// document in document order rather than stopping at the first: archetype roots, ELEMENT value xor null_flavour,
// DV_PROPORTION kinds, and the code sets of the openEHR support terminology (terminology.ts).
import { childPath, isObject, isPresent } from './json-path.ts';
import { codeSetOf, type CodeSetRule } from './terminology.ts';
import { ENTRY_RM_TYPES, type CanonicalObject } from './types.ts';

/** One broken invariant: where (JSONPath) and what. */
export interface RmViolation {
  jsonPath: string;
  message: string;
}

type Out = RmViolation[];

const ENTRY_TYPES = new Set<string>(ENTRY_RM_TYPES);
const PROPORTION_KINDS = ['ratio', 'unitary', 'percent', 'fraction', 'integer fraction'];

/** Every invariant the document breaks, in document order; [] when it keeps them all. */
export function rmInvariantViolations(doc: CanonicalObject): RmViolation[] {
  const out: Out = [];
  visit(doc, '$', out);
  return out;
}

function visit(o: CanonicalObject, path: string, out: Out): void {
  checkArchetypeRoot(o, path, out);
  if (o._type === 'ELEMENT') checkElement(o, path, out);
  if (o._type === 'DV_PROPORTION') checkProportion(o, path, out);
  for (const [key, child] of Object.entries(o)) {
    const at = childPath(path, key);
    const rule = codeSetOf(key);
    if (rule && isObject(child)) checkCode(rule, child, at, out);
    if (Array.isArray(child)) {
      child.forEach((item, i) => {
        if (isObject(item)) visit(item, childPath(at, i), out);
      });
    } else if (isObject(child)) visit(child, at, out);
  }
}

/** An ENTRY is an archetype root (RM Archetype_root_point); an ARCHETYPED names the node's own archetype. */
function checkArchetypeRoot(o: CanonicalObject, path: string, out: Out): void {
  const type = typeof o._type === 'string' ? o._type : '';
  const details = o.archetype_details;
  if (!isPresent(details)) {
    if (ENTRY_TYPES.has(type))
      out.push({ jsonPath: childPath(path, 'archetype_details'), message: `${type} is an archetype root: archetype_details is required` });
    return;
  }
  const archetypeId = isObject(details) && isObject(details.archetype_id) ? details.archetype_id.value : undefined;
  if (archetypeId !== o.archetype_node_id) {
    out.push({
      jsonPath: `${childPath(path, 'archetype_details')}.archetype_id.value`,
      message: `archetype_details.archetype_id must equal archetype_node_id ${JSON.stringify(o.archetype_node_id)}, found ${JSON.stringify(archetypeId)}`,
    });
  }
}

function checkElement(o: CanonicalObject, path: string, out: Out): void {
  const value = isPresent(o.value);
  const nullFlavour = isPresent(o.null_flavour);
  if (value && nullFlavour) out.push({ jsonPath: path, message: 'ELEMENT must have either a value or a null_flavour, found both' });
  if (!value && !nullFlavour) out.push({ jsonPath: path, message: 'ELEMENT must have a value or a null_flavour, found neither' });
}

/** RM DV_PROPORTION invariants: a denominator, and what each proportion kind requires of it. */
function checkProportion(o: CanonicalObject, path: string, out: Out): void {
  const { numerator, denominator, type, precision } = o as { numerator: number; denominator: number; type: number; precision?: number };
  const kind = PROPORTION_KINDS[type] ?? String(type);
  const fail = (key: string, message: string) => out.push({ jsonPath: childPath(path, key), message: `DV_PROPORTION ${message}` });
  if (denominator === 0) fail('denominator', 'denominator must not be 0');
  if (type === 1 && denominator !== 1) fail('denominator', `of type ${type} (${kind}) must have denominator 1, found ${denominator}`);
  if (type === 2 && denominator !== 100) fail('denominator', `of type ${type} (${kind}) must have denominator 100, found ${denominator}`);
  const integral = Number.isInteger(numerator) && Number.isInteger(denominator);
  if ((type === 3 || type === 4) && !integral) {
    fail(
      Number.isInteger(numerator) ? 'denominator' : 'numerator',
      `of type ${type} (${kind}) must have an integral numerator and denominator, found ${numerator}/${denominator}`,
    );
  }
  if (precision === 0 && !integral) fail('precision', `with precision 0 must have an integral numerator and denominator, found ${numerator}/${denominator}`);
}

/** A coded attribute of an RM code set: its terminology id and code (a DV_CODED_TEXT's defining_code, or the CODE_PHRASE). */
function checkCode(rule: CodeSetRule, value: CanonicalObject, path: string, out: Out): void {
  const phrase = rule.coded ? value.defining_code : value;
  const phrasePath = rule.coded ? childPath(path, 'defining_code') : path;
  if (!isObject(phrase)) return; // a DV_TEXT where the RM allows one, or a shape validate.ts reported
  const terminology = isObject(phrase.terminology_id) ? phrase.terminology_id.value : undefined;
  if (terminology !== rule.terminologyId && !(typeof terminology === 'string' && rule.legacyIds?.includes(terminology))) {
    out.push({
      jsonPath: `${phrasePath}.terminology_id.value`,
      message: `${rule.label} must be coded in terminology ${JSON.stringify(rule.terminologyId)}, found ${JSON.stringify(terminology)}`,
    });
    return;
  }
  if (typeof phrase.code_string === 'string' && !rule.has(phrase.code_string)) {
    out.push({
      jsonPath: childPath(phrasePath, 'code_string'),
      message: `${rule.label} must be a code of ${rule.codeSet}, found ${JSON.stringify(phrase.code_string)}`,
    });
  }
}

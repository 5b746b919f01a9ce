import { checkCodedText, checkCodePhrase, checkOptionalType, checkText, fail, isNonEmptyString, requireField, requireObject } from './checks.ts';
import { checkDataValue, checkDataValueAs, checkElement } from './data-values.ts';
import { childPath, describe, describeType, isObject, isPresent } from './json-path.ts';
import { ENTRY_RM_TYPES, type CanonicalObject } from './types.ts';

const CONTENT_TYPES: readonly string[] = [...ENTRY_RM_TYPES, 'SECTION'];
const PARTY_TYPES: readonly string[] = ['PARTY_IDENTIFIED', 'PARTY_SELF', 'PARTY_RELATED'];
/** Attributes that hold a CODE_PHRASE wherever they occur in the RM (the `_type` is often omitted there). */
const CODE_PHRASE_KEYS = new Set(['defining_code', 'language', 'territory', 'encoding', 'media_type']);

/** How a node is checked beyond its own `_type`: by where it sits in the COMPOSITION. */
type Role = 'root' | 'content' | 'context' | 'node';

/**
 * Walks the whole document depth-first in document order; throws CanonicalJsonError at the first problem of shape.
 * The RM invariants of a well-shaped document are collected by invariants.ts.
 */
export function validateDocument(doc: unknown): CanonicalObject {
  if (!isObject(doc)) fail('$', `expected a COMPOSITION object, found ${describe(doc)}`);
  walk(doc, '$', 'root');
  return doc;
}

function walk(o: CanonicalObject, path: string, role: Role): void {
  if (role === 'root') checkRoot(o);
  else if (role === 'content') checkContentItem(o, path);
  else if (role === 'context') checkContext(o, path);

  if (o._type === 'CODE_PHRASE') checkCodePhrase(o, path);
  else if (o._type === 'ELEMENT') checkElement(o, path);
  else checkDataValue(o, path);

  for (const [key, child] of Object.entries(o)) {
    const at = childPath(path, key);
    if (CODE_PHRASE_KEYS.has(key) && isPresent(child)) checkCodePhrase(child, at, key);
    const childRole = roleOf(o, role, key);
    if (Array.isArray(child)) walkArray(child, at, childRole);
    else if (isObject(child)) walk(child, at, childRole);
  }
}

function walkArray(items: readonly unknown[], path: string, role: Role): void {
  items.forEach((item, i) => {
    const at = childPath(path, i);
    if (role === 'content' && !isObject(item)) {
      fail(at, `content item must be an object with ${allowedTypes()}, found ${describe(item)}`);
    }
    if (Array.isArray(item)) walkArray(item, at, 'node');
    else if (isObject(item)) walk(item, at, role);
  });
}

function roleOf(parent: CanonicalObject, parentRole: Role, key: string): Role {
  if (parentRole === 'root' && key === 'content') return 'content';
  if (parentRole === 'root' && key === 'context') return 'context';
  if (parentRole === 'content' && parent._type === 'SECTION' && key === 'items') return 'content';
  return 'node';
}

function allowedTypes(): string {
  return `_type one of ${CONTENT_TYPES.join(', ')}`;
}

function checkRoot(o: CanonicalObject): void {
  if (o._type !== 'COMPOSITION') fail('$._type', `expected _type COMPOSITION, found ${describeType(o._type)}`);
  requireField(o, 'archetype_node_id', '$', 'COMPOSITION', 'a non-empty string', isNonEmptyString);
  checkText(o.name, '$.name', 'COMPOSITION name');
  const details = requireObject(o.archetype_details, '$.archetype_details', 'COMPOSITION archetype_details', 'an ARCHETYPED object');
  checkIdValue(details.archetype_id, '$.archetype_details.archetype_id', 'ARCHETYPE_ID');
  checkIdValue(details.template_id, '$.archetype_details.template_id', 'TEMPLATE_ID');
  checkCodePhrase(o.language, '$.language', 'COMPOSITION language');
  checkCodePhrase(o.territory, '$.territory', 'COMPOSITION territory');
  checkCodedText(o.category, '$.category', 'COMPOSITION category');
  const composer = requireObject(o.composer, '$.composer', 'COMPOSITION composer', 'a PARTY_PROXY object');
  if (typeof composer._type !== 'string' || !PARTY_TYPES.includes(composer._type)) {
    const found = describeType(composer._type);
    fail('$.composer._type', `COMPOSITION composer _type must be one of ${PARTY_TYPES.join(', ')}, found ${found}`);
  }
  if (isPresent(o.content) && !Array.isArray(o.content)) {
    fail('$.content', `COMPOSITION content must be an array, found ${describe(o.content)}`);
  }
  if (isPresent(o.context)) requireObject(o.context, '$.context', 'COMPOSITION context', 'an EVENT_CONTEXT object');
}

/** `archetype_details.archetype_id` / `template_id`: an object with a non-empty string `value`. */
function checkIdValue(v: unknown, path: string, rmType: string): void {
  const requirement = `${path.slice(2)} is required: expected a ${rmType} object with a non-empty string value`;
  if (!isObject(v)) fail(path, `${requirement}, found ${describe(v)}`);
  if (!isNonEmptyString(v.value)) fail(childPath(path, 'value'), `${requirement}, found ${describe(v.value)}`);
}

function checkContentItem(o: CanonicalObject, path: string): void {
  const type = o._type;
  if (typeof type !== 'string' || !CONTENT_TYPES.includes(type)) {
    fail(childPath(path, '_type'), `content item must have ${allowedTypes()}, found ${describeType(type)}`);
  }
  requireField(o, 'archetype_node_id', path, type, 'a non-empty string', isNonEmptyString);
  checkText(o.name, childPath(path, 'name'), `${type} name`);
  if (type === 'SECTION' && isPresent(o.items) && !Array.isArray(o.items)) {
    fail(childPath(path, 'items'), `SECTION items must be an array, found ${describe(o.items)}`);
  }
}

function checkContext(o: CanonicalObject, path: string): void {
  checkOptionalType(o, path, 'COMPOSITION context', ['EVENT_CONTEXT']);
  const at = childPath(path, 'start_time');
  const startTime = requireObject(o.start_time, at, 'EVENT_CONTEXT start_time', 'a DV_DATE_TIME object');
  checkOptionalType(startTime, at, 'EVENT_CONTEXT start_time', ['DV_DATE_TIME']);
  checkDataValueAs(startTime, at, 'DV_DATE_TIME');
}

import { parseIsoInstant } from './iso8601.ts';
import { isObject } from './json-path.ts';
import { ENTRY_RM_TYPES, type CanonicalObject, type CompositionSummary, type ElementSummary, type EntryRmType, type EntrySummary } from './types.ts';

/** Extracts the summary without validating; missing strings become "" (use on validated documents). */
export function summarizeComposition(doc: CanonicalObject): CompositionSummary {
  const details = objectAt(doc, 'archetype_details');
  const category = objectAt(doc, 'category');
  const context = objectAt(doc, 'context');
  const startTime = stringAt(objectAt(context, 'start_time'), 'value');
  const entries: EntrySummary[] = [];
  collectEntries(doc.content, '/content', entries);
  return {
    templateId: stringAt(objectAt(details, 'template_id'), 'value'),
    archetypeNodeId: stringAt(doc, 'archetype_node_id'),
    name: stringAt(objectAt(doc, 'name'), 'value'),
    language: stringAt(objectAt(doc, 'language'), 'code_string'),
    territory: stringAt(objectAt(doc, 'territory'), 'code_string'),
    category: stringAt(category, 'value'),
    categoryCode: stringAt(objectAt(category, 'defining_code'), 'code_string'),
    startTime: context && startTime ? parseIsoInstant(startTime) : null,
    entries,
  };
}

/** Content items and SECTION items; SECTIONs are traversed, entries collected in document order. */
function collectEntries(items: unknown, pathPrefix: string, out: EntrySummary[]): void {
  if (!Array.isArray(items)) return;
  for (const item of items) {
    if (!isObject(item)) continue;
    const path = `${pathPrefix}${predicate(item)}`;
    if (item._type === 'SECTION') collectEntries(item.items, `${path}/items`, out);
    else if (isEntryType(item._type)) out.push(summarizeEntry(item, item._type, path, out.length));
  }
}

function summarizeEntry(entry: CanonicalObject, rmType: EntryRmType, path: string, position: number): EntrySummary {
  const codes = new Set<string>();
  const elements: ElementSummary[] = [];
  scan(entry, path, codes, elements);
  return {
    position,
    path,
    rmType,
    archetypeNodeId: stringAt(entry, 'archetype_node_id'),
    name: stringAt(objectAt(entry, 'name'), 'value'),
    codes: [...codes],
    elements,
    canonical: entry,
  };
}

/** Pre-order walk of one entry collecting CODE_PHRASE codes and ELEMENTs with their openEHR paths. */
function scan(node: CanonicalObject, path: string, codes: Set<string>, elements: ElementSummary[]): void {
  const terminology = objectAt(node, 'terminology_id');
  if (terminology && typeof terminology.value === 'string' && typeof node.code_string === 'string') {
    codes.add(`${terminology.value}::${node.code_string}`);
  }
  if (node._type === 'ELEMENT') elements.push(summarizeElement(node, path));
  for (const [key, child] of Object.entries(node)) scanChild(child, `${path}/${key}`, codes, elements);
}

function scanChild(child: unknown, attributePath: string, codes: Set<string>, elements: ElementSummary[]): void {
  if (Array.isArray(child)) for (const item of child) scanChild(item, attributePath, codes, elements);
  else if (isObject(child)) scan(child, `${attributePath}${predicate(child)}`, codes, elements);
}

function summarizeElement(element: CanonicalObject, path: string): ElementSummary {
  const nullFlavour = objectAt(element, 'null_flavour');
  return {
    path,
    name: stringAt(objectAt(element, 'name'), 'value'),
    archetypeNodeId: stringAt(element, 'archetype_node_id'),
    value: objectAt(element, 'value') ?? null,
    nullFlavour: nullFlavour && typeof nullFlavour.value === 'string' ? nullFlavour.value : null,
  };
}

/** `[archetype_node_id]` for archetyped (LOCATABLE) nodes, nothing for other objects. */
function predicate(node: CanonicalObject): string {
  return typeof node.archetype_node_id === 'string' ? `[${node.archetype_node_id}]` : '';
}

function isEntryType(type: unknown): type is EntryRmType {
  return typeof type === 'string' && (ENTRY_RM_TYPES as readonly string[]).includes(type);
}

function objectAt(o: CanonicalObject | undefined, key: string): CanonicalObject | undefined {
  const v = o?.[key];
  return isObject(v) ? v : undefined;
}

function stringAt(o: CanonicalObject | undefined, key: string): string {
  const v = o?.[key];
  return typeof v === 'string' ? v : '';
}

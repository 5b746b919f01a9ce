// Test-only: canonical XML COMPOSITION (IDCR-LabReportRAW1.xml) → canonical JSON, so that the XML fixture of the
// SOURCES.md pairing table can be validated too. Covers what RM XML needs here: xsi:type → _type,
// archetype_node_id attribute, list-valued attributes as arrays, numbers and booleans by attribute name.
import { XMLParser } from 'fast-xml-parser';

const LISTS = new Set([
  'content',
  'items',
  'events',
  'activities',
  'participations',
  'other_participations',
  'links',
  'reason',
  'mappings',
  'other_reference_ranges',
  'feeder_system_item_ids',
  'identifiers',
]);
const NUMBERS = new Set(['magnitude', 'precision', 'numerator', 'denominator', 'size', 'accuracy']);
const BOOLEANS = new Set(['lower_unbounded', 'upper_unbounded', 'lower_included', 'upper_included', 'is_integral']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => LISTS.has(name),
});

type Json = Record<string, unknown>;

function convert(key: string, node: unknown): unknown {
  if (Array.isArray(node)) return node.map((n) => convert(key, n));
  if (typeof node !== 'object' || node === null) {
    const s = String(node);
    if (NUMBERS.has(key)) return Number(s);
    if (BOOLEANS.has(key)) return s === 'true';
    return s;
  }
  const out: Json = {};
  const src = node as Json;
  if (typeof src['@type'] === 'string') out._type = src['@type'];
  if (typeof src['@archetype_node_id'] === 'string') out.archetype_node_id = src['@archetype_node_id'];
  for (const [k, v] of Object.entries(src)) if (!k.startsWith('@') && k !== '#text') out[k] = convert(k, v);
  return out;
}

export function canonicalXmlToJson(xml: string): Json {
  const doc = parser.parse(xml) as Json;
  const root = convert('composition', doc.composition) as Json;
  return { _type: 'COMPOSITION', ...root };
}

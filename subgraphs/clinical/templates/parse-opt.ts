// OPT XML → a raw object tree (fast-xml-parser), plus small typed readers over it.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { TemplateParseError } from './errors.ts';
import type { Multiplicity, NumericRange } from './types.ts';

/** One parsed XML element: child elements by tag name, `@_x` attributes (namespace prefixes removed), `#text`. */
export type Raw = { [key: string]: unknown };

/** Tags that may repeat; always parsed as arrays so readers need not care. */
const REPEATED = new Set([
  'attributes',
  'children',
  'code_list',
  'list',
  'term_definitions',
  'items',
  'includes',
  'excludes',
  'term_bindings',
  'constraint_definitions',
  'annotations',
  'details',
  'component_ontologies',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Numeric character references (`&#13;`) are XML; fast-xml-parser only decodes them with this option.
  htmlEntities: true,
  maxNestedTags: 2000,
  isArray: (tagName) => REPEATED.has(tagName),
});

/** Keeps comments, which optContent counts as content. */
const contentParser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  commentPropName: '#comment',
});

export interface ParsedOpt {
  templateId: string;
  concept: string;
  language: string;
  definition: Raw;
  /** The whole `<template>` element (for opt-extras.ts). */
  template: Raw;
}

/** `line L, column C`; some errors (no start tag) come without a column, whatever fast-xml-parser's typings say. */
const position = ({ line, col }: { line: number; col?: number }) => `line ${line}${col === undefined ? '' : `, column ${col}`}`;

/** Parses and checks the OPT envelope; throws TemplateParseError with a reason. */
export function parseOpt(xml: string): ParsedOpt {
  if (typeof xml !== 'string' || xml.trim() === '') throw new TemplateParseError('empty input, expected OPT XML');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new TemplateParseError(`malformed XML at ${position(valid.err)}: ${valid.err.msg}`);
  }
  let doc: Raw;
  try {
    doc = parser.parse(xml) as Raw;
  } catch (error) {
    throw new TemplateParseError(`unreadable XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const rootTag = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (rootTag !== 'template') {
    const found = `<${rootTag ?? 'none'}>`;
    throw new TemplateParseError(`not an operational template: root element is ${found}, expected <template>`);
  }
  const template = obj(doc, rootTag) ?? {};
  const templateId = text(obj(template, 'template_id'), 'value');
  if (!templateId) throw new TemplateParseError('missing template_id/value');
  const definition = obj(template, 'definition');
  if (!definition) throw new TemplateParseError('missing definition');
  const rmType = text(definition, 'rm_type_name');
  if (rmType !== 'COMPOSITION') {
    const found = rmType ? `"${rmType}"` : 'nothing';
    throw new TemplateParseError(`definition rm_type_name must be COMPOSITION, found ${found}`);
  }
  if (!text(obj(definition, 'archetype_id'), 'value')) {
    throw new TemplateParseError('missing definition/archetype_id/value');
  }
  return {
    templateId,
    concept: text(template, 'concept') || templateId,
    language: text(obj(template, 'language'), 'code_string') || 'en',
    definition,
    template,
  };
}

/**
 * The OPT's content with its whitespace aside (indentation, line ends, runs of spaces in text): two OPTs that differ
 * only in whitespace have the same content. Call on XML that parseOpt accepted.
 */
export function optContent(xml: string): string {
  return JSON.stringify(contentParser.parse(xml), (_key, value: unknown) => (typeof value === 'string' ? value.replace(/\s+/g, ' ') : value));
}

export function obj(raw: Raw | undefined, key: string): Raw | undefined {
  const v = raw?.[key];
  const first = Array.isArray(v) ? (v[0] as unknown) : v;
  return typeof first === 'object' && first !== null ? (first as Raw) : undefined;
}

/** The element's text content (`<x>text</x>` or `<x attr="…">text</x>`); '' when absent. */
export function text(raw: Raw | undefined, key: string): string {
  return textOf(raw?.[key]);
}

export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return textOf((v as Raw)['#text']);
  return '';
}

/** Repeated child elements (always an array). */
export function list(raw: Raw | undefined, key: string): unknown[] {
  const v = raw?.[key];
  if (v === undefined) return [];
  return Array.isArray(v) ? (v as unknown[]) : [v];
}

export function rawList(raw: Raw | undefined, key: string): Raw[] {
  return list(raw, key).filter((v): v is Raw => typeof v === 'object' && v !== null);
}

/** `xsi:type` of an element (prefix removed), '' when absent. */
export function xsiType(raw: Raw): string {
  const t = raw['@_type'];
  return typeof t === 'string' ? t.replace(/^[\w-]+:/, '') : '';
}

const bool = (raw: Raw, key: string, fallback: boolean): boolean => {
  const v = text(raw, key);
  return v === '' ? fallback : v === 'true';
};

/** An OPT interval of integers as inclusive bounds; a missing interval gives `fallback`. */
export function multiplicity(raw: Raw | undefined, fallback: Multiplicity): Multiplicity {
  if (!raw) return fallback;
  const r = numericRange(raw);
  const min = r.min === null ? 0 : r.minIncluded ? r.min : r.min + 1;
  const max = r.max === null ? null : r.maxIncluded ? r.max : r.max - 1;
  return { min, max };
}

/** An OPT interval (`lower`, `upper`, `*_included`, `*_unbounded`) of numbers. */
export function numericRange(raw: Raw): NumericRange {
  const bound = (key: 'lower' | 'upper'): number | null => {
    const s = text(raw, key);
    if (bool(raw, `${key}_unbounded`, s === '') || s === '') return null;
    const n = Number(s);
    if (!Number.isFinite(n)) throw new TemplateParseError(`interval ${key} "${s}" is not a number`);
    return n;
  };
  return {
    min: bound('lower'),
    max: bound('upper'),
    minIncluded: bool(raw, 'lower_included', true),
    maxIncluded: bool(raw, 'upper_included', true),
  };
}

// Leaf constraints of an OPT: C_CODE_PHRASE & co, C_DV_QUANTITY, C_DV_ORDINAL, C_PRIMITIVE_OBJECT.
import { durationSeconds, parseDatePattern, parseDurationPattern } from './date-patterns.ts';
import { TemplateParseError } from './errors.ts';
import { openehrRubric } from '../canonical/index.ts';
import { list, multiplicity, numericRange, obj, rawList, text, textOf, xsiType, type Raw } from './parse-opt.ts';
import type { CodePhraseNode, ConstraintNode, Multiplicity, OrdinalOption, PrimitiveConstraint, QuantityUnit } from './types.ts';

/** Term definitions by code; `annotations`: the items other than text and description (`comment` …). */
export type Terms = Record<string, { text?: string; description?: string; annotations?: Record<string, string> }>;

const ONE: Multiplicity = { min: 1, max: 1 };

export function compileLeaf(type: string, raw: Raw, terms: Terms, at: string): ConstraintNode {
  const base = {
    rmType: text(raw, 'rm_type_name'),
    nodeId: text(raw, 'node_id'),
    occurrences: multiplicity(obj(raw, 'occurrences'), ONE),
  };
  switch (type) {
    case 'C_CODE_PHRASE': {
      const codes = list(raw, 'code_list')
        .map(textOf)
        .filter((c) => c !== '');
      const node = codePhrase(base, text(obj(raw, 'terminology_id'), 'value') || null, codes, terms);
      const assumed = text(obj(raw, 'assumed_value'), 'code_string');
      return assumed ? { ...node, assumed } : node;
    }
    case 'C_CODE_REFERENCE': {
      const uri = text(raw, 'referenceSetUri');
      const terminology = uri.startsWith('terminology:') ? (uri.slice('terminology:'.length).split('?')[0] ?? '') : '';
      return codePhrase(base, terminology || null, [], terms);
    }
    case 'CONSTRAINT_REF':
      return codePhrase({ ...base, rmType: base.rmType || 'CODE_PHRASE' }, null, [], terms);
    case 'C_DV_QUANTITY': {
      const property = obj(raw, 'property');
      const units = rawList(raw, 'list').map((item): QuantityUnit => {
        const unit: QuantityUnit = { units: text(item, 'units') };
        const label = terms[unit.units]?.text;
        if (label !== undefined) unit.label = label;
        const magnitude = obj(item, 'magnitude');
        const precision = obj(item, 'precision');
        if (magnitude) unit.magnitude = numericRange(magnitude);
        if (precision) unit.precision = numericRange(precision);
        return unit;
      });
      const node = { kind: 'quantity' as const, ...base, units };
      if (!property) return node;
      const terminology = text(obj(property, 'terminology_id'), 'value');
      return { ...node, property: `${terminology}::${text(property, 'code_string')}` };
    }
    case 'C_DV_ORDINAL':
      return { kind: 'ordinal', ...base, options: rawList(raw, 'list').map((item) => ordinal(item, terms, at)) };
    case 'C_PRIMITIVE_OBJECT': {
      const item = obj(raw, 'item');
      if (!item) throw new TemplateParseError(`C_PRIMITIVE_OBJECT without item at ${at}`);
      return { kind: 'primitive', ...base, item: primitive(item, at) };
    }
    default:
      throw new TemplateParseError(`unsupported constraint type "${type}" at ${at}`);
  }
}

function codePhrase(
  base: Pick<CodePhraseNode, 'rmType' | 'nodeId' | 'occurrences'>,
  terminology: string | null,
  codes: string[],
  terms: Terms,
): CodePhraseNode {
  const labels: Record<string, string> = {};
  const descriptions: Record<string, string> = {};
  for (const code of codes) {
    const local = terminology === 'local' ? terms[code] : undefined;
    const label = terminology === 'openehr' ? openehrRubric(code) : local?.text;
    const description = local?.description;
    if (label !== undefined) labels[code] = label;
    if (description !== undefined) descriptions[code] = description;
  }
  return { kind: 'codePhrase', ...base, terminology, codes, labels, descriptions };
}

function ordinal(item: Raw, terms: Terms, at: string): OrdinalOption {
  const value = Number(text(item, 'value'));
  if (!Number.isInteger(value)) throw new TemplateParseError(`C_DV_ORDINAL value "${text(item, 'value')}" at ${at}`);
  const code = obj(obj(item, 'symbol'), 'defining_code');
  const option: OrdinalOption = {
    value,
    terminology: text(obj(code, 'terminology_id'), 'value'),
    code: text(code, 'code_string'),
  };
  const term = option.terminology === 'local' ? terms[option.code] : undefined;
  if (term?.text !== undefined) option.label = term.text;
  if (term?.description !== undefined) option.description = term.description;
  return option;
}

function primitive(item: Raw, at: string): PrimitiveConstraint {
  const type = xsiType(item);
  const pattern = text(item, 'pattern');
  const range = obj(item, 'range');
  switch (type) {
    case 'C_STRING': {
      const c: PrimitiveConstraint = { type: 'STRING' };
      const values = list(item, 'list').map(textOf);
      if (values.length > 0) c.list = values;
      if (pattern) c.pattern = checkedRegex(pattern, at);
      if (text(item, 'list_open') === 'true') c.listOpen = true;
      return c;
    }
    case 'C_INTEGER':
    case 'C_REAL': {
      const c: PrimitiveConstraint = { type: type === 'C_INTEGER' ? 'INTEGER' : 'REAL' };
      const values = list(item, 'list').map((v) => Number(textOf(v)));
      if (values.some((v) => !Number.isFinite(v))) throw new TemplateParseError(`${type} list is not numeric at ${at}`);
      if (values.length > 0) c.list = values;
      if (range) c.range = numericRange(range);
      return c;
    }
    case 'C_BOOLEAN':
      return {
        type: 'BOOLEAN',
        trueValid: text(item, 'true_valid') !== 'false',
        falseValid: text(item, 'false_valid') !== 'false',
      };
    case 'C_DATE':
    case 'C_TIME':
    case 'C_DATE_TIME': {
      const kind = type === 'C_DATE' ? 'DATE' : type === 'C_TIME' ? 'TIME' : 'DATE_TIME';
      if (!pattern) return { type: kind };
      const components = parseDatePattern(kind, pattern);
      if (components === null) throw new TemplateParseError(`${type} pattern "${pattern}" not understood at ${at}`);
      return { type: kind, pattern, components };
    }
    case 'C_DURATION':
      return duration(pattern, range, at);
    default:
      throw new TemplateParseError(`unsupported primitive constraint "${type}" at ${at}`);
  }
}

function duration(pattern: string, range: Raw | undefined, at: string): PrimitiveConstraint {
  const c: PrimitiveConstraint = { type: 'DURATION' };
  if (pattern) {
    const allowed = parseDurationPattern(pattern);
    if (allowed === null) throw new TemplateParseError(`C_DURATION pattern "${pattern}" not understood at ${at}`);
    c.pattern = pattern;
    c.allowed = allowed;
  }
  if (range) {
    const bound = (key: 'lower' | 'upper'): number | null => {
      const s = text(range, key);
      if (s === '' || text(range, `${key}_unbounded`) === 'true') return null;
      const seconds = durationSeconds(s);
      if (seconds === null) throw new TemplateParseError(`C_DURATION bound "${s}" is not a duration at ${at}`);
      return seconds;
    };
    c.range = {
      min: bound('lower'),
      max: bound('upper'),
      minIncluded: text(range, 'lower_included') !== 'false',
      maxIncluded: text(range, 'upper_included') !== 'false',
    };
    c.rangeText = `${text(range, 'lower') || '*'}..${text(range, 'upper') || '*'}`;
  }
  return c;
}

/** The pattern, when JavaScript can compile it (ADL regexes are matched against the whole string). */
export function checkedRegex(pattern: string, at: string): string {
  try {
    new RegExp(pattern);
  } catch {
    throw new TemplateParseError(`pattern "${pattern}" is not a valid regular expression at ${at}`);
  }
  return pattern;
}

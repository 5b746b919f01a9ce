// Raw OPT definition → ConstraintNode tree (see types.ts). Pure and deterministic.
import { checkedRegex, compileLeaf, type Terms } from './compile-leaves.ts';
import { TemplateParseError } from './errors.ts';
import { baseType } from './rm-types.ts';
import { optExtras } from './opt-extras.ts';
import { multiplicity, obj, parseOpt, rawList, text, textOf, xsiType, type Raw } from './parse-opt.ts';
import type { AttributeNode, CompiledTemplate, ComplexNode, ConstraintNode, Multiplicity } from './types.ts';

/** Per archetype root: its terms, its nodes by archetype path, and the internal refs waiting for a target. */
interface Scope {
  terms: Terms;
  byPath: Map<string, ConstraintNode>;
  refs: Array<{ node: ComplexNode; target: string; at: string }>;
}

/** RM functions that archetypes constrain but canonical JSON does not carry. */
const COMPUTED = new Set(['EVENT.offset', 'POINT_EVENT.offset', 'INTERVAL_EVENT.offset', 'DV_PROPORTION.is_integral']);

const ANY: Multiplicity = { min: 0, max: null };
const ONE: Multiplicity = { min: 1, max: 1 };
const OPTIONAL: Multiplicity = { min: 0, max: 1 };

/** Compiles OPT XML; throws TemplateParseError when it is not a usable ADL 1.4 operational template. */
export function compileTemplate(optXml: string): CompiledTemplate {
  const opt = parseOpt(optXml);
  const root = compileArchetypeRoot(opt.definition, '/');
  const { annotations, languages, translations } = optExtras(opt.template, opt.language);
  return {
    formatVersion: 1,
    templateId: opt.templateId,
    concept: opt.concept,
    rootArchetypeId: root.nodeId,
    language: opt.language,
    root,
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    ...(languages.length > 1 ? { languages, translations } : {}),
  };
}

function compileArchetypeRoot(raw: Raw, at: string): ComplexNode {
  const archetypeId = text(obj(raw, 'archetype_id'), 'value');
  if (!archetypeId) throw new TemplateParseError(`C_ARCHETYPE_ROOT without archetype_id at ${at}`);
  const scope: Scope = { terms: readTerms(raw), byPath: new Map(), refs: [] };
  const node = compileComplex(raw, scope, '', at);
  node.nodeId = archetypeId;
  node.archetypeId = archetypeId;
  scope.byPath.set('/', node);
  for (const ref of scope.refs) resolveRef(ref, scope);
  return node;
}

function compileObject(raw: Raw, scope: Scope, archetypePath: string, at: string): ConstraintNode {
  const type = xsiType(raw);
  if (type === 'C_ARCHETYPE_ROOT') return compileArchetypeRoot(raw, at);
  if (type === 'C_COMPLEX_OBJECT' || type === '') return compileComplex(raw, scope, archetypePath, at);
  if (type === 'ARCHETYPE_INTERNAL_REF') {
    const node = complexBase(raw, scope);
    scope.refs.push({ node, target: text(raw, 'target_path'), at });
    return node;
  }
  if (type === 'ARCHETYPE_SLOT') {
    return {
      kind: 'slot',
      rmType: text(raw, 'rm_type_name'),
      nodeId: text(raw, 'node_id'),
      occurrences: multiplicity(obj(raw, 'occurrences'), ANY),
      includes: slotPatterns(raw, 'includes', at),
      excludes: slotPatterns(raw, 'excludes', at),
    };
  }
  return compileLeaf(type, raw, scope.terms, at);
}

function complexBase(raw: Raw, scope: Scope): ComplexNode {
  const nodeId = text(raw, 'node_id');
  const node: ComplexNode = {
    kind: 'complex',
    rmType: text(raw, 'rm_type_name'),
    nodeId,
    occurrences: multiplicity(obj(raw, 'occurrences'), ANY),
    attributes: [],
  };
  const term = nodeId ? scope.terms[nodeId] : undefined;
  if (term?.text !== undefined) node.text = term.text;
  if (term?.description !== undefined) node.description = term.description;
  if (term?.annotations !== undefined) node.annotations = term.annotations;
  return node;
}

function compileComplex(raw: Raw, scope: Scope, archetypePath: string, at: string): ComplexNode {
  const node = complexBase(raw, scope);
  if (!node.rmType) throw new TemplateParseError(`constraint without rm_type_name at ${at}`);
  if (node.nodeId && archetypePath) scope.byPath.set(archetypePath, node);
  for (const attr of rawList(raw, 'attributes')) {
    const name = text(attr, 'rm_attribute_name');
    if (!name) throw new TemplateParseError(`attribute without rm_attribute_name at ${at}`);
    const multiple = xsiType(attr) === 'C_MULTIPLE_ATTRIBUTE';
    const compiled: AttributeNode = {
      name,
      multiple,
      existence: multiplicity(obj(attr, 'existence'), multiple ? OPTIONAL : ONE),
      children: [],
    };
    if (COMPUTED.has(`${baseType(node.rmType)}.${name}`)) compiled.computed = true;
    const cardinality = obj(attr, 'cardinality');
    if (multiple) compiled.cardinality = multiplicity(obj(cardinality, 'interval'), ANY);
    for (const child of rawList(attr, 'children')) {
      const childId = text(child, 'node_id');
      const step = childId && xsiType(child) !== 'C_ARCHETYPE_ROOT' ? `/${name}[${childId}]` : `/${name}`;
      compiled.children.push(compileObject(child, scope, `${archetypePath}${step}`, `${at === '/' ? '' : at}${step}`));
    }
    if (name === 'action_archetype_id') markRegexValues(compiled);
    node.attributes.push(compiled);
  }
  return node;
}

/** ACTIVITY.action_archetype_id holds a regex; openEHR tools copy the archetype's pattern into it verbatim. */
function markRegexValues(attr: AttributeNode): void {
  for (const child of attr.children) {
    if (child.kind !== 'primitive' || child.item.type !== 'STRING' || child.item.pattern === undefined) continue;
    child.item.regexValue = true;
  }
}

/** ARCHETYPE_INTERNAL_REF → a copy of its target (same archetype), with the ref's own occurrences. */
function resolveRef(ref: Scope['refs'][number], scope: Scope): void {
  const target = scope.byPath.get(ref.target);
  if (!target || target === ref.node) {
    throw new TemplateParseError(`ARCHETYPE_INTERNAL_REF at ${ref.at}: target_path "${ref.target}" not found`);
  }
  const occurrences = ref.node.occurrences;
  const placeholder = ref.node as unknown as Record<string, unknown>;
  for (const key of Object.keys(placeholder)) delete placeholder[key];
  Object.assign(placeholder, structuredClone(target), { occurrences });
}

/** Slot assertions `archetype_id/value matches {/regex/}` → the regex sources. */
function slotPatterns(raw: Raw, key: 'includes' | 'excludes', at: string): string[] {
  const patterns: string[] = [];
  for (const assertion of rawList(raw, key)) {
    const expression = obj(assertion, 'expression');
    const item = obj(obj(expression, 'right_operand'), 'item');
    const pattern = text(item, 'pattern');
    if (pattern) patterns.push(checkedRegex(pattern, at));
  }
  return patterns;
}

function readTerms(raw: Raw): Terms {
  const terms: Terms = {};
  for (const def of rawList(raw, 'term_definitions')) {
    const code = def['@_code'];
    if (typeof code !== 'string') continue;
    const entry: Terms[string] = {};
    for (const item of rawList(def, 'items')) {
      const id = item['@_id'];
      if (id === 'text') entry.text = textOf(item);
      else if (id === 'description') entry.description = textOf(item);
      else if (typeof id === 'string') entry.annotations = { ...entry.annotations, [id]: textOf(item) };
    }
    terms[code] = entry;
  }
  return terms;
}

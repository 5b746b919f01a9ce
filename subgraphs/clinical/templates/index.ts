// openEHR ADL 1.4 operational templates: compile OPT XML once, validate canonical JSON compositions against the
// compiled constraints, and derive a web template and a minimal example composition. Pure: no I/O.
import { TemplateParseError } from './errors.ts';
import type { CompiledTemplate } from './types.ts';

export type {
  AttributeNode,
  CodePhraseNode,
  CompiledTemplate,
  ComplexNode,
  ConstraintNode,
  DateComponents,
  Multiplicity,
  NumericRange,
  OrdinalNode,
  OrdinalOption,
  PrimitiveConstraint,
  PrimitiveNode,
  QuantityNode,
  QuantityUnit,
  SlotNode,
  TemplateViolation,
} from './types.ts';
export { TemplateParseError } from './errors.ts';
export { compileTemplate } from './compile.ts';
export { optContent } from './parse-opt.ts';
export { validateAgainstTemplate, type TemplateValidationOptions } from './validate.ts';
export { webTemplate, type WebTemplate, type WebTemplateInput, type WebTemplateNode } from './web-template.ts';
export { exampleComposition, type ExampleOptions } from './example.ts';
export { contradictions, type Contradiction } from './contradictions.ts';

/** A CompiledTemplate is plain JSON already; this returns a detached copy safe to store (e.g. as JSONB). */
export function serializeTemplate(template: CompiledTemplate): unknown {
  return structuredClone(template);
}

/** Revives a stored compiled template (the output of serializeTemplate, possibly via JSON text). */
export function deserializeTemplate(json: unknown): CompiledTemplate {
  let t: Partial<CompiledTemplate> | null;
  try {
    t = (typeof json === 'string' ? JSON.parse(json) : json) as Partial<CompiledTemplate> | null;
  } catch {
    throw new TemplateParseError('not a compiled template: invalid JSON text');
  }
  if (
    typeof t !== 'object' ||
    t === null ||
    t.formatVersion !== 1 ||
    typeof t.templateId !== 'string' ||
    typeof t.rootArchetypeId !== 'string' ||
    t.root?.kind !== 'complex'
  ) {
    throw new TemplateParseError('not a compiled template (formatVersion 1)');
  }
  return t as CompiledTemplate;
}

// The GraphQL formats of a composition over the pure converters: a commit's input to the canonical JSON that the
// canonical commit path then validates, authorises and stores as it would any canonical document; and a caller's
// canonical view in FLAT or STRUCTURED. Both go through the template's cached web template.
import { badInput, platformError } from '../../../platform/errors/errors.ts';
import type { CanonicalObject } from '../canonical/index.ts';
import { isObject } from '../canonical/json-path.ts';
import { unknownTemplate } from '../templates/conformance.ts';
import type { TemplateRegistry } from '../templates/registry.ts';
import { fromFlat, toFlat, type FlatViolation, type FromFlatResult } from './flat.ts';
import { fromStructured, toStructured } from './structured.ts';

export type CompositionFormat = 'CANONICAL' | 'FLAT' | 'STRUCTURED';

export interface CompositionInput {
  composition: unknown;
  format?: CompositionFormat | null;
  templateId?: string | null;
}

/** The canonical composition an input stands for: CANONICAL as given (object or JSON text), FLAT and STRUCTURED converted. */
export async function canonicalInput(registry: TemplateRegistry, input: CompositionInput): Promise<unknown> {
  const format = input.format ?? 'CANONICAL';
  if (format === 'CANONICAL') {
    requireSameTemplate(input);
    return input.composition;
  }
  const { templateId } = input;
  if (!templateId)
    throw badInput(`templateId is required with format ${format}: it names the template whose web template the keys follow`, { argument: 'templateId' });
  const [compiled, web] = await Promise.all([registry.compiled(templateId), registry.webTemplate(templateId)]);
  if (!compiled || !web) throw unknownTemplate(templateId, 'templateId');
  const document = jsonOf(input.composition);
  const result: FromFlatResult = format === 'FLAT' ? fromFlat(document, compiled, web) : fromStructured(document, compiled, web);
  if (result.violations) throw flatRefusal(format, result.violations);
  return result.composition;
}

/** The caller's canonical view in FLAT or STRUCTURED, through the web template of the composition's template. */
export async function formatted(registry: TemplateRegistry, templateId: string, canonical: CanonicalObject, format: 'FLAT' | 'STRUCTURED'): Promise<unknown> {
  const web = await registry.webTemplate(templateId);
  if (!web) throw platformError('NOT_FOUND', `No template "${templateId}" has been uploaded; ${format} is built from its web template`, { templateId });
  return format === 'FLAT' ? toFlat(canonical, web) : toStructured(canonical, web);
}

/** A canonical commit naming a template must be of that template. */
function requireSameTemplate({ composition, templateId }: CompositionInput): void {
  if (!templateId) return;
  const found = templateIdOf(typeof composition === 'string' ? parsedOrUndefined(composition) : composition);
  if (typeof found === 'string' && found !== templateId) {
    throw badInput(`templateId "${templateId}" is not the composition's template ("${found}")`, { argument: 'templateId' });
  }
}

function templateIdOf(document: unknown): unknown {
  const details = isObject(document) ? document.archetype_details : undefined;
  const id = isObject(details) ? details.template_id : undefined;
  return isObject(id) ? id.value : undefined;
}

/** JSON text parsed; undefined when it is not JSON (the canonical commit path then says why). */
function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** FLAT or STRUCTURED as an object or as JSON text. */
function jsonOf(composition: unknown): unknown {
  if (typeof composition !== 'string') return composition;
  const parsed = parsedOrUndefined(composition);
  if (parsed === undefined) throw badInput('Invalid composition: not JSON', { argument: 'composition' });
  return parsed;
}

/** Every FLAT violation, in the shape of the template's (`path` the FLAT key as given, `constraint` the kind). */
function flatRefusal(format: CompositionFormat, violations: FlatViolation[]) {
  const [first] = violations;
  const count = `${violations.length} violation${violations.length === 1 ? '' : 's'}`;
  return badInput(`Invalid ${format} composition: ${count}; first at ${first?.key ?? ''}: ${first?.kind ?? ''}: ${first?.detail ?? ''}`, {
    argument: 'composition',
    violations: violations.map((v) => ({ path: v.key, constraint: v.kind, message: v.detail })),
  });
}

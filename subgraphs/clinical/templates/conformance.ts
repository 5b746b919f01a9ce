import { badInput } from '../../../platform/errors/errors.ts';
import type { CanonicalObject, RmViolation } from '../canonical/index.ts';
import { validateAgainstTemplate } from './index.ts';
import type { TemplateRegistry } from './registry.ts';

export interface TemplatePolicy {
  registry: TemplateRegistry;
  /** Development switch: accept compositions whose template was never uploaded (validated only structurally). */
  allowWithoutTemplate: boolean;
}

const TEMPLATE_ID_PATH = '$.archetype_details.template_id.value';

/** A violation as refusals list it: where (JSONPath) and what; a template's also say which constraint, at which path. */
type Violation = RmViolation & Partial<Record<'path' | 'constraint' | 'expected' | 'actual', string>>;

/** A composition's template was never uploaded: named by the document, or by the `templateId` argument of a FLAT or STRUCTURED commit. */
export function unknownTemplate(templateId: string, argument: 'composition' | 'templateId' = 'composition') {
  const where = argument === 'composition' ? TEMPLATE_ID_PATH : 'templateId';
  return badInput(`Invalid composition: ${where}: no template "${templateId}" has been uploaded (uploadTemplate)`, {
    argument,
    ...(argument === 'composition' ? { jsonPath: TEMPLATE_ID_PATH } : {}),
  });
}

/**
 * Refuses a composition that breaks RM invariants (`rmViolations`) or does not conform to its uploaded template,
 * reporting every violation of both at once (`extensions.violations`), or whose template is unknown (unless allowed
 * for development).
 */
export async function requireConformance(
  policy: TemplatePolicy,
  templateId: string,
  document: CanonicalObject,
  rmViolations: RmViolation[] = [],
): Promise<void> {
  const template = await policy.registry.compiled(templateId);
  if (!template && rmViolations.length === 0) {
    if (policy.allowWithoutTemplate) return;
    throw unknownTemplate(templateId);
  }
  const ofTemplate: Violation[] = (template ? validateAgainstTemplate(template, document) : []).map((v) => ({
    ...v,
    message: `${v.constraint} expected ${v.expected}, found ${v.actual}`,
  }));
  const violations: Violation[] = [...rmViolations, ...ofTemplate];
  const [first] = violations;
  if (!first) return;
  const count = `${violations.length} violation${violations.length === 1 ? '' : 's'}`;
  const rm = rmViolations.length > 0 ? ' and the reference model' : '';
  const what =
    ofTemplate.length === 0
      ? `Invalid composition: ${count} of the reference model`
      : `The composition does not conform to template "${templateId}"${rm}: ${count}`;
  throw badInput(`${what}; first at ${first.path ?? first.jsonPath}: ${first.message}`, {
    argument: 'composition',
    ...(ofTemplate.length === 0 ? { jsonPath: first.jsonPath } : {}),
    violations,
  });
}

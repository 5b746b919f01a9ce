import { badInput } from '../../../platform/errors/errors.ts';
import type { CanonicalObject } from '../canonical/index.ts';
import { validateAgainstTemplate } from './index.ts';
import type { TemplateRegistry } from './registry.ts';

export interface TemplatePolicy {
  registry: TemplateRegistry;
  /** Development switch: accept compositions whose template was never uploaded (validated only structurally). */
  allowWithoutTemplate: boolean;
}

const TEMPLATE_ID_PATH = '$.archetype_details.template_id.value';

/**
 * Refuses a composition that does not conform to its uploaded template, reporting every violation
 * at once (`extensions.violations`), or whose template is unknown (unless allowed for development).
 */
export async function requireConformance(policy: TemplatePolicy, templateId: string, document: CanonicalObject): Promise<void> {
  const template = await policy.registry.compiled(templateId);
  if (!template) {
    if (policy.allowWithoutTemplate) return;
    throw badInput(`Invalid composition: ${TEMPLATE_ID_PATH}: no template "${templateId}" has been uploaded (uploadTemplate)`, {
      argument: 'composition',
      jsonPath: TEMPLATE_ID_PATH,
    });
  }
  const violations = validateAgainstTemplate(template, document);
  if (violations.length === 0) return;
  const [first] = violations;
  throw badInput(
    `The composition does not conform to template "${templateId}": ${violations.length} violation${violations.length === 1 ? '' : 's'}; ` +
      `first at ${first?.path}: ${first?.constraint} expected ${first?.expected}, found ${first?.actual}`,
    { argument: 'composition', violations },
  );
}

import { platformError } from '../../../platform/errors/errors.ts';
import type { TemplateResolvers } from '../generated/resolvers-types.ts';
import type { TemplateRow } from '../model/rows.ts';
import { exampleComposition, type CompiledTemplate } from '../templates/index.ts';
import type { TemplateAccess } from '../access/template-access.ts';

async function compiledOf(templates: TemplateAccess, row: TemplateRow): Promise<CompiledTemplate> {
  return present(await templates.compiled(row), row);
}

function present<T>(derived: T | null, row: TemplateRow): T {
  if (!derived) throw platformError('NOT_FOUND', `Template ${row.templateId} is gone`);
  return derived;
}

export const Template: TemplateResolvers = {
  id: (row) => row.templateId,
  webTemplate: async (row, _, { templates }) => present(await templates.webTemplate(row), row),
  example: async (row, _, { templates }) => exampleComposition(await compiledOf(templates, row)),
};

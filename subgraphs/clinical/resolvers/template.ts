import { platformError } from '../../../platform/errors/errors.ts';
import type { TemplateResolvers } from '../generated/resolvers-types.ts';
import type { TemplateRow } from '../model/rows.ts';
import { exampleComposition, webTemplate, type CompiledTemplate } from '../templates/index.ts';
import type { TemplateAccess } from '../access/template-access.ts';

async function compiledOf(templates: TemplateAccess, row: TemplateRow): Promise<CompiledTemplate> {
  const compiled = await templates.compiled(row);
  if (!compiled) throw platformError('NOT_FOUND', `Template ${row.templateId} is gone`);
  return compiled;
}

export const Template: TemplateResolvers = {
  id: (row) => row.templateId,
  webTemplate: async (row, _, { templates }) => webTemplate(await compiledOf(templates, row)),
  example: async (row, _, { templates }) => exampleComposition(await compiledOf(templates, row)),
};

/** What the explain panel asks about, as an admin types it. */
export interface ResourceInput {
  subject: string;
  organisation: string;
  templateId: string;
  codes: string;
}

/** Subjects whose organisation is the EHR's (`ehrOrg`); the others carry their own `org`. */
const IN_AN_EHR = new Set(['Composition', 'Entry']);
const WITH_ORG = new Set(['Ehr', 'Patient', 'AuditEvent']);
const WITH_TEMPLATE = new Set(['Composition', 'Entry', 'Template']);

export const words = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

/** The subject's attributes (the names of schema/policy.schema.json's conditions) from the fields filled in; null: none given. */
export function resourceAttributes({ subject, organisation, templateId, codes }: ResourceInput): Record<string, unknown> | null {
  const attributes: Record<string, unknown> = {};
  if (organisation && IN_AN_EHR.has(subject)) attributes.ehrOrg = organisation;
  if (organisation && WITH_ORG.has(subject)) attributes.org = organisation;
  if (templateId && WITH_TEMPLATE.has(subject)) attributes.templateId = templateId;
  if (codes && subject === 'Entry') attributes.codes = words(codes);
  return Object.keys(attributes).length > 0 ? attributes : null;
}

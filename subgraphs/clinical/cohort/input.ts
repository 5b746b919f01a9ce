import { badInput } from '../../../platform/errors/errors.ts';
import type { CohortGrouping, CohortQuery } from '../generated/resolvers-types.ts';
import { ARCHETYPE_ID, compileElementPath, ElementPathError, type CompiledPath } from './element-path.ts';

/** A validated cohort query: every value checked, the element path compiled. */
export interface CohortSpec {
  archetypeId: string;
  elementPath: string;
  path: CompiledPath;
  templateId: string | null;
  code: string | null;
  min: number | null;
  max: number | null;
  from: Date | null;
  to: Date | null;
  groupBy: CohortGrouping;
}

const CODE = /^[^\s:]+::\S+$/;
const TEMPLATE_ID = /^[^\s$]+$/;
const MAX_TEXT = 200;
const DAY_MS = 86_400_000;

const invalid = (argument: string, message: string) => badInput(`${argument} ${message}`, { argument });

/**
 * BAD_USER_INPUT naming the argument (`query.elementPath`, …) at the first problem. With
 * `wholeDays` (callers under disclosure control) `from` and `to` must be midnights (UTC): a
 * window cannot single out the second of one test.
 */
export function validateCohortQuery(query: CohortQuery, options: { wholeDays: boolean } = { wholeDays: false }): CohortSpec {
  const { archetypeId, elementPath } = query;
  if (archetypeId.length > MAX_TEXT || !ARCHETYPE_ID.test(archetypeId)) {
    throw invalid(
      'query.archetypeId',
      `must be an archetype id such as openEHR-EHR-OBSERVATION.blood_pressure.v2, found ${JSON.stringify(archetypeId.slice(0, MAX_TEXT))}`,
    );
  }
  let path: CompiledPath;
  try {
    path = compileElementPath(elementPath);
  } catch (error) {
    if (error instanceof ElementPathError) throw invalid('query.elementPath', error.message);
    throw error;
  }
  const templateId = query.templateId ?? null;
  if (templateId !== null && (templateId.length > MAX_TEXT || !TEMPLATE_ID.test(templateId))) {
    throw invalid('query.templateId', 'must be a template id without spaces, at most 200 characters');
  }
  const code = query.code ?? null;
  if (code !== null && (code.length > MAX_TEXT || !CODE.test(code))) {
    throw invalid('query.code', 'must be terminology::code, e.g. LOINC::4548-4');
  }
  const min = query.valueRange?.min ?? null;
  const max = query.valueRange?.max ?? null;
  if (min !== null && max !== null && min > max) throw invalid('query.valueRange', `min (${min}) must not exceed max (${max})`);
  const from = instant(query.from);
  const to = instant(query.to);
  if (from && to && from.getTime() > to.getTime()) throw invalid('query.to', 'must not be before from');
  for (const [argument, value] of [
    ['query.from', from],
    ['query.to', to],
  ] as const) {
    if (options.wholeDays && value && value.getTime() % DAY_MS !== 0) {
      throw invalid(argument, 'must be a whole day (midnight UTC, e.g. 2025-03-01T00:00:00Z) for research callers');
    }
  }
  return { archetypeId, elementPath, path, templateId, code, min, max, from, to, groupBy: query.groupBy ?? 'NONE' };
}

const instant = (value: Date | string | null | undefined): Date | null => (value === null || value === undefined ? null : new Date(value));

/** The query's shape for the audit trail: what was asked, never whom it concerned. */
export function describeCohort(spec: CohortSpec): string {
  const parts = [`${spec.archetypeId}${spec.elementPath}`, `by ${spec.groupBy}`];
  if (spec.templateId) parts.push(`template ${spec.templateId}`);
  if (spec.code) parts.push(`code ${spec.code}`);
  if (spec.min !== null || spec.max !== null) parts.push(`values ${spec.min ?? '-inf'}..${spec.max ?? 'inf'}`);
  if (spec.from || spec.to) parts.push(`window ${spec.from?.toISOString() ?? '-inf'}..${spec.to?.toISOString() ?? 'inf'}`);
  return `cohort ${parts.join(', ')}`;
}

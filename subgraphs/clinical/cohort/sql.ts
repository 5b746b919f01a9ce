import type { CallerAbility, ColumnMap } from '../../common/authz/types.ts';
import type { CohortSpec } from './input.ts';

/** One row of the cohort statement: a group (`total` false) or the total. */
export interface CohortRow {
  total: boolean;
  key: string | null;
  ehrCount: number;
  valueCount: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  percentiles: number[] | null;
}

// numeric_values (migration 007) carries the rule columns of its entry, composition and EHR, so the
// caller's rules apply without a join; the EHR's namespace is looked up only if a rule uses it.
const ENTRY_COLUMNS: ColumnMap<'Entry'> = {
  ehrId: 'v.ehr_id',
  ehrOrg: 'v.ehr_org',
  templateId: 'v.template_id',
  rmType: 'v.rm_type',
  archetypeNodeId: 'v.archetype_node_id',
  codes: 'v.codes',
};
const COMPOSITION_COLUMNS: ColumnMap<'Composition'> = {
  ehrId: 'v.ehr_id',
  ehrOrg: 'v.ehr_org',
  org: 'v.composition_org',
  templateId: 'v.template_id',
  archetypeNodeId: 'v.composition_archetype_node_id',
  lifecycleState: 'v.lifecycle_state',
};
const EHR_COLUMNS: ColumnMap<'Ehr'> = {
  id: 'v.ehr_id',
  org: 'v.ehr_org',
  subjectNamespace: '(SELECT e.subject_namespace FROM ehrs e WHERE e.id = v.ehr_id)',
};

const STATS = `count(DISTINCT ehr_id)::int AS "ehrCount", count(*)::int AS "valueCount", min(value) AS min, max(value) AS max,
  avg(value) AS mean, percentile_cont(ARRAY[0.25, 0.5, 0.75, 0.95]::float8[]) WITHIN GROUP (ORDER BY value) AS percentiles`;
const BUCKETS = { DAY: ['day', 'YYYY-MM-DD'], WEEK: ['week', 'IYYY-"W"IW'], MONTH: ['month', 'YYYY-MM'] } as const;
/** Language and encoding codes every entry carries: not worth a group. */
const HIDDEN_TERMINOLOGIES = `('ISO_639-1', 'IANA_character-sets', 'Unicode')`;

class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  filter(build: (firstParam: number) => { sql: string; params: unknown[] }): string {
    const { sql, params } = build(this.values.length + 1);
    this.values.push(...params);
    return sql;
  }
}

/**
 * The one statement of a cohort query, over the numeric values extracted at commit from the latest
 * live versions: the caller's read rules on entries, their compositions and EHRs are part of its
 * WHERE clause, so a withheld entry never reaches an aggregate. Caller text reaches it only as
 * parameters.
 */
export function cohortStatement(spec: CohortSpec, ability: CallerAbility): { sql: string; params: unknown[] } {
  const p = new Params();
  const stored = spec.path;
  const where = [
    `v.archetype_node_id = ${p.add(spec.archetypeId)}`,
    'exact' in stored ? `v.element_path = ${p.add(stored.exact)}` : `v.element_path ~ ${p.add(stored.pattern)}`,
  ];
  if (spec.templateId !== null) where.push(`v.template_id = ${p.add(spec.templateId)}`);
  if (spec.code !== null) where.push(`v.codes @> ARRAY[${p.add(spec.code)}::text]`);
  if (spec.from) where.push(`v.at >= ${p.add(spec.from)}::timestamptz`);
  if (spec.to) where.push(`v.at < ${p.add(spec.to)}::timestamptz`);
  if (spec.min !== null) where.push(`v.value >= ${p.add(spec.min)}::float8`);
  if (spec.max !== null) where.push(`v.value <= ${p.add(spec.max)}::float8`);
  where.push(p.filter((first) => ability.sqlFilter('read', 'Entry', ENTRY_COLUMNS, first)));
  where.push(p.filter((first) => ability.sqlFilter('read', 'Composition', COMPOSITION_COLUMNS, first)));
  where.push(p.filter((first) => ability.sqlFilter('read', 'Ehr', EHR_COLUMNS, first)));
  const sql = `WITH w AS (
  SELECT v.ehr_id, ${spec.groupBy === 'CODE' ? 'v.codes' : 'NULL::text[] AS codes'}, v.at, v.value FROM numeric_values v
  WHERE ${where.join('\n    AND ')}
)
${groupsSql(spec)}SELECT true AS total, NULL::text AS key, ${STATS} FROM w`;
  return { sql, params: p.values };
}

function groupsSql(spec: CohortSpec): string {
  if (spec.groupBy === 'NONE') return '';
  if (spec.groupBy === 'CODE') {
    return `SELECT false AS total, k.code AS key, ${STATS}
FROM w CROSS JOIN LATERAL unnest(w.codes) AS k(code)
WHERE split_part(k.code, '::', 1) NOT IN ${HIDDEN_TERMINOLOGIES}
GROUP BY k.code
UNION ALL
`;
  }
  const [unit, format] = BUCKETS[spec.groupBy];
  return `SELECT false AS total, to_char(b.bucket, '${format}') AS key, ${STATS}
FROM (SELECT date_trunc('${unit}', w.at AT TIME ZONE 'UTC') AS bucket, w.ehr_id, w.value FROM w) AS b
GROUP BY b.bucket
UNION ALL
`;
}

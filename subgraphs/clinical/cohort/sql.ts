import type { CallerAbility, ColumnMap } from '../../common/authz/types.ts';
import { COMPOSITION_RULE_COLUMNS } from '../store/composition-store.ts';
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

const ENTRY_COLUMNS: ColumnMap<'Entry'> = {
  ehrId: 'n.ehr_id',
  ehrOrg: 'n.ehr_org',
  templateId: 'n.template_id',
  rmType: 'n.rm_type',
  archetypeNodeId: 'n.archetype_node_id',
  codes: 'n.codes',
};
const COMPOSITION_COLUMNS = Object.fromEntries(
  Object.entries(COMPOSITION_RULE_COLUMNS).map(([attribute, column]) => [attribute, `c.${column}`]),
) as ColumnMap<'Composition'>;
// An EHR's id and organisation are copied onto its entries (both immutable); the namespace is
// looked up only if a rule of the caller's policy uses it.
const EHR_COLUMNS: ColumnMap<'Ehr'> = {
  id: 'n.ehr_id',
  org: 'n.ehr_org',
  subjectNamespace: '(SELECT e.subject_namespace FROM ehrs e WHERE e.id = n.ehr_id)',
};

const WHEN = 'COALESCE(c.start_time, c.committed_at)';
const NUMBER = `CASE
    WHEN x.v ->> '_type' IN ('DV_QUANTITY', 'DV_COUNT') AND jsonb_typeof(x.v -> 'magnitude') = 'number' THEN (x.v ->> 'magnitude')::float8
    WHEN x.v ->> '_type' = 'DV_PROPORTION' AND jsonb_typeof(x.v -> 'numerator') = 'number' AND jsonb_typeof(x.v -> 'denominator') = 'number'
      AND (x.v ->> 'denominator')::float8 <> 0 THEN (x.v ->> 'numerator')::float8 / (x.v ->> 'denominator')::float8
  END`;
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
 * The one statement of a cohort query: the caller's read rules on entries, their compositions and
 * EHRs are part of its WHERE clause, so a withheld entry never reaches an aggregate. Caller text
 * reaches it only as parameters (the jsonpath is built from checked tokens, node ids as variables).
 */
export function cohortStatement(spec: CohortSpec, ability: CallerAbility): { sql: string; params: unknown[] } {
  const p = new Params();
  const where = [
    `n.archetype_node_id = ${p.add(spec.archetypeId)}`,
    'c.is_latest',
    `c.lifecycle_state <> 'DELETED'`,
  ];
  const jsonpath = p.add(spec.path.jsonpath);
  const vars = p.add(JSON.stringify(spec.path.vars));
  if (spec.templateId !== null) where.push(`n.template_id = ${p.add(spec.templateId)}`);
  if (spec.code !== null) where.push(`n.codes @> ARRAY[${p.add(spec.code)}::text]`);
  if (spec.from) where.push(`${WHEN} >= ${p.add(spec.from)}::timestamptz`);
  if (spec.to) where.push(`${WHEN} < ${p.add(spec.to)}::timestamptz`);
  where.push(p.filter((first) => ability.sqlFilter('read', 'Entry', ENTRY_COLUMNS, first)));
  where.push(p.filter((first) => ability.sqlFilter('read', 'Composition', COMPOSITION_COLUMNS, first)));
  where.push(p.filter((first) => ability.sqlFilter('read', 'Ehr', EHR_COLUMNS, first)));
  const range = ['value IS NOT NULL'];
  if (spec.min !== null) range.push(`value >= ${p.add(spec.min)}::float8`);
  if (spec.max !== null) range.push(`value <= ${p.add(spec.max)}::float8`);
  const sql = `WITH v AS (
  SELECT n.ehr_id, n.codes, ${WHEN} AS at, ${NUMBER} AS value
  FROM entries n
  JOIN composition_versions c ON c.object_id = n.object_id AND c.version = n.version
  CROSS JOIN LATERAL jsonb_path_query(n.data, ${jsonpath}::jsonpath, ${vars}::jsonb, true) AS x(v)
  WHERE ${where.join('\n    AND ')}
), w AS (SELECT * FROM v WHERE ${range.join(' AND ')})
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

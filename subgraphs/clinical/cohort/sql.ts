import type { CallerAbility, ColumnMap } from '../../kit/authz/types.ts';
import { SqlParams, type Statement } from '../../kit/db/sql.ts';
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
  /** Only for callers under disclosure control: the spread and the fingerprints their noise needs. */
  stddev?: number | null;
  /** Fingerprint of the cell's distinct EHRs (the data version of its EHR count). */
  ehrPrint?: string | null;
  /** Fingerprint of the cell's rows (EHR, time, value): the data version of its value statistics. */
  rowPrint?: string | null;
  /** Only when asked for (`nameEhrs`), on the total: the distinct EHRs it counted, for the audit trail. */
  ehrIds?: string[] | null;
}

// numeric_values (migration 007) carries the rule columns policies commonly use, so the caller's
// rules apply without a join; the others (archetype ids, the EHR's namespace) are looked up only
// when a rule of the caller's policy uses them.
const ENTRY_COLUMNS: ColumnMap<'Entry'> = {
  ehrId: 'v.ehr_id',
  ehrOrg: 'v.ehr_org',
  templateId: 'v.template_id',
  rmType: 'v.rm_type',
  archetypeNodeId: '(SELECT e.archetype_node_id FROM numeric_elements e WHERE e.id = v.element_id)',
  codes: 'v.codes',
};
const COMPOSITION_COLUMNS: ColumnMap<'Composition'> = {
  ehrId: 'v.ehr_id',
  ehrOrg: 'v.ehr_org',
  org: 'v.composition_org',
  templateId: 'v.template_id',
  archetypeNodeId: '(SELECT c.archetype_node_id FROM composition_versions c WHERE c.object_id = v.object_id AND c.version = v.version)',
  lifecycleState: 'v.lifecycle_state',
};
const EHR_COLUMNS: ColumnMap<'Ehr'> = {
  id: 'v.ehr_id',
  org: 'v.ehr_org',
  subjectNamespace: '(SELECT e.subject_namespace FROM ehrs e WHERE e.id = v.ehr_id)',
};

/**
 * The numeric elements with at least one value the caller may read (a research dashboard's choice):
 * an element found only where the caller reads nothing, such as an organisation that does not allow
 * research use, is not listed, so the list says nothing about records the caller cannot count.
 */
export function readableElementsStatement(ability: CallerAbility): Statement {
  const p = new SqlParams();
  const readable = [
    ability.sqlFilter('read', 'Entry', ENTRY_COLUMNS, p),
    ability.sqlFilter('read', 'Composition', COMPOSITION_COLUMNS, p),
    ability.sqlFilter('read', 'Ehr', EHR_COLUMNS, p),
  ];
  return p.statement(`SELECT n.archetype_node_id AS "archetypeId", n.element_path AS "elementPath" FROM numeric_elements n
WHERE EXISTS (SELECT 1 FROM numeric_values v WHERE v.element_id = n.id AND ${readable.join(' AND ')})
ORDER BY 1, 2`);
}

/** The ids of the archetype's element paths the query's path matches (first of its two statements). */
export function elementsStatement(spec: CohortSpec): Statement {
  const path = spec.path;
  const match = 'exact' in path ? 'element_path = $2' : 'element_path ~ $2';
  return {
    sql: `SELECT id FROM numeric_elements WHERE archetype_node_id = $1 AND ${match}`,
    params: [spec.archetypeId, 'exact' in path ? path.exact : path.pattern],
  };
}

const STATS = `count(DISTINCT ehr_id)::int AS "ehrCount", count(*)::int AS "valueCount", min(value) AS min, max(value) AS max,
  avg(value) AS mean, percentile_cont(ARRAY[0.25, 0.5, 0.75, 0.95]::float8[]) WITHIN GROUP (ORDER BY value) AS percentiles`;
// Sums of 64-bit hashes: equal for equal sets of rows, whatever the query that selected them.
const DISCLOSURE_STATS = `, stddev_pop(value) AS stddev, sum(DISTINCT hashtextextended(ehr_id::text, 0))::text AS "ehrPrint",
  sum(hashtextextended(ehr_id::text || '|' || at::text || '|' || value::text, 0))::text AS "rowPrint"`;
const BUCKETS = { DAY: ['day', 'YYYY-MM-DD'], WEEK: ['week', 'IYYY-"W"IW'], MONTH: ['month', 'YYYY-MM'] } as const;
/** Language and encoding codes every entry carries: not worth a group. */
const HIDDEN_TERMINOLOGIES = `('ISO_639-1', 'IANA_character-sets', 'Unicode')`;

/**
 * The statement of a cohort query over the numeric values extracted at commit from the latest
 * live versions, at the elements `elementsStatement` found: the caller's read rules on entries, their compositions and EHRs are part of its
 * WHERE clause, so a withheld entry never reaches an aggregate. Caller text reaches it only as
 * parameters.
 */
export function cohortStatement(spec: CohortSpec, elementIds: number[], ability: CallerAbility, nameEhrs = false): Statement {
  const p = new SqlParams();
  const where = [`v.element_id = ANY(${p.add(elementIds)}::int[])`];
  if (spec.templateId !== null) where.push(`v.template_id = ${p.add(spec.templateId)}`);
  if (spec.code !== null) where.push(`v.codes @> ARRAY[${p.add(spec.code)}::text]`);
  if (spec.from) where.push(`v.at >= ${p.add(spec.from)}::timestamptz`);
  if (spec.to) where.push(`v.at < ${p.add(spec.to)}::timestamptz`);
  if (spec.min !== null) where.push(`v.value >= ${p.add(spec.min)}::float8`);
  if (spec.max !== null) where.push(`v.value <= ${p.add(spec.max)}::float8`);
  where.push(ability.sqlFilter('read', 'Entry', ENTRY_COLUMNS, p));
  where.push(ability.sqlFilter('read', 'Composition', COMPOSITION_COLUMNS, p));
  where.push(ability.sqlFilter('read', 'Ehr', EHR_COLUMNS, p));
  const stats = ability.research.suppressed ? STATS + DISCLOSURE_STATS : STATS;
  // the groups' EHRs are all among the total's: the total alone names them
  const [groupIds, totalIds] = nameEhrs ? [', NULL::text[] AS "ehrIds"', ', array_agg(DISTINCT ehr_id)::text[] AS "ehrIds"'] : ['', ''];
  const sql = `WITH w AS (
  SELECT v.ehr_id, ${spec.groupBy === 'CODE' ? 'v.codes' : 'NULL::text[] AS codes'}, v.at, v.value FROM numeric_values v
  WHERE ${where.join('\n    AND ')}
)
${groupsSql(spec, stats + groupIds)}SELECT true AS total, NULL::text AS key, ${stats}${totalIds} FROM w`;
  return p.statement(sql);
}

function groupsSql(spec: CohortSpec, stats: string): string {
  if (spec.groupBy === 'NONE') return '';
  if (spec.groupBy === 'CODE') {
    return `SELECT false AS total, k.code AS key, ${stats}
FROM w CROSS JOIN LATERAL unnest(w.codes) AS k(code)
WHERE split_part(k.code, '::', 1) NOT IN ${HIDDEN_TERMINOLOGIES}
GROUP BY k.code
UNION ALL
`;
  }
  const [unit, format] = BUCKETS[spec.groupBy];
  return `SELECT false AS total, to_char(b.bucket, '${format}') AS key, ${stats}
FROM (SELECT date_trunc('${unit}', w.at AT TIME ZONE 'UTC') AS bucket, w.ehr_id, w.at, w.value FROM w) AS b
GROUP BY b.bucket
UNION ALL
`;
}

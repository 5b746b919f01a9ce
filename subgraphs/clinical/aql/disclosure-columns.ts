// The hidden columns an aggregate query carries for a caller under disclosure control: what the
// noise and suppression of its numbers need (subgraphs/clinical/disclosure/aql-rows.ts).
import { AqlRefusal } from './errors.ts';
import type { Binding } from './scope.ts';
import type { Output } from './select.ts';
import type { DisclosureLayout } from './types.ts';
import type { AqlQuery } from './ast.ts';

/** Aggregate-only callers: every selected column must be an aggregate (one row, no GROUP BY). */
export function requireAggregates(query: AqlQuery, outputs: Output[]): void {
  const index = outputs.findIndex((output) => !output.aggregate);
  const item = query.select.items[index];
  if (item) {
    throw new AqlRefusal(
      item.expr.pos,
      'your access policy allows aggregates only: every selected column must be COUNT, SUM, AVG, MIN or MAX (use cohort for groups)',
      outputs[index]?.path ?? 'SELECT',
      { kind: 'aggregatesOnly' },
    );
  }
}

const hash = (sql: string) => `hashtextextended(${sql}, 0)`;

/**
 * Hidden outputs after the selected ones: the distinct EHRs of the rows, then per aggregate the
 * fingerprint of the rows it is computed over (EHR and argument: its data version), the standard
 * deviation and the count of its numeric values.
 */
export function disclosureOutputs(outputs: Output[], ehr: Binding): { hidden: Output[]; layout: DisclosureLayout } {
  const hidden: Output[] = [];
  const add = (sql: string) => {
    hidden.push({ sql: `to_jsonb(${sql})`, type: 'jsonb', aggregate: true, name: `#hidden${hidden.length}`, path: '', alias: null });
    return outputs.length + hidden.length - 1;
  };
  const e = `${ehr.alias}.id`;
  const ehrCount = add(`count(DISTINCT ${e})`);
  const aggregates = outputs.map((output) => {
    const argument = output.fn?.argument ?? null;
    const row = argument === null ? `${e}::text` : `${e}::text || '|' || coalesce((${argument})::text, '')`;
    const number = argument === null ? 'NULL::float8' : `aql_number(${argument})`;
    return {
      fn: output.fn?.name ?? 'COUNT',
      rowPrint: add(`sum(${hash(row)})::text`),
      stddev: add(`stddev_pop(${number})`),
      values: add(`count(${number})`),
    };
  });
  return { hidden, layout: { ehrCount, aggregates } };
}

import type { Queryable } from '../../kit/db/db.ts';
import type { CompiledAql } from './types.ts';

/** Runs a compiled query; rows are arrays of JSON values in SELECT order. */
export async function runAql(db: Queryable, compiled: CompiledAql): Promise<unknown[][]> {
  const result = await db.query(compiled.sql, compiled.params);
  return result.rows.map((row) => compiled.columns.map((_, i) => row[`c${i}`] ?? null));
}

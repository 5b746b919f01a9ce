import type { Queryable } from '../../kit/db/db.ts';
import type { StoredQueryRow, VersionPattern } from '../model/rows.ts';

const COLUMNS = `name, version, query, saved_at AS "savedAt"`;

/** Stored AQL queries, by qualified name and semantic version. */
export class StoredQueryStore {
  constructor(private readonly db: Queryable) {}

  /** The latest version of `name` matching `pattern`. */
  async find(name: string, pattern: VersionPattern): Promise<StoredQueryRow | null> {
    const result = await this.db.query<StoredQueryRow>(
      `SELECT ${COLUMNS} FROM stored_queries
       WHERE name = $1 AND ($2::int IS NULL OR major = $2) AND ($3::int IS NULL OR minor = $3) AND ($4::int IS NULL OR patch = $4)
       ORDER BY major DESC, minor DESC, patch DESC LIMIT 1`,
      [name, pattern.major, pattern.minor, pattern.patch],
    );
    return result.rows[0] ?? null;
  }

  /** Every version of every query, or of `name` only. */
  async list(name: string | null): Promise<StoredQueryRow[]> {
    const result = await this.db.query<StoredQueryRow>(
      `SELECT ${COLUMNS} FROM stored_queries WHERE ($1::text IS NULL OR name = $1) ORDER BY name, major, minor, patch`,
      [name],
    );
    return result.rows;
  }

  /** Stores a new version; null when that name and version exist already. */
  async insert(row: { name: string; version: [number, number, number]; query: string }, savedBy: string): Promise<StoredQueryRow | null> {
    const [major, minor, patch] = row.version;
    const result = await this.db.query<StoredQueryRow>(
      `INSERT INTO stored_queries (name, version, major, minor, patch, query, saved_at, saved_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name, version) DO NOTHING RETURNING ${COLUMNS}`,
      [row.name, `${major}.${minor}.${patch}`, major, minor, patch, row.query, new Date(), savedBy],
    );
    return result.rows[0] ?? null;
  }
}

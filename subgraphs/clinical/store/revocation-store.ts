import type { RevokedToken } from '../../../platform/auth/revocations.ts';
import type { Queryable } from '../../kit/db/db.ts';

/** Revoked token ids (`revoked_tokens`), kept until the token would have expired anyway. */
export class RevocationStore {
  constructor(private readonly db: Queryable) {}

  /** Records a revocation; revoking again only ever extends it. */
  async record(jti: string, revokedAt: Date, expiresAt: Date, revokedBy: string): Promise<void> {
    await this.db.query(
      `INSERT INTO revoked_tokens (jti, revoked_at, expires_at, revoked_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (jti) DO UPDATE SET expires_at = GREATEST(revoked_tokens.expires_at, EXCLUDED.expires_at)`,
      [jti, revokedAt, expiresAt, revokedBy],
    );
  }

  /** The revocations still in force (loaded when the service starts). */
  async recorded(): Promise<RevokedToken[]> {
    const result = await this.db.query<{ jti: string; expiresAt: Date }>(`SELECT jti, expires_at AS "expiresAt" FROM revoked_tokens WHERE expires_at > now()`);
    return result.rows;
  }
}

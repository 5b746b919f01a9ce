import type { Principal } from '../../../platform/auth/principal.ts';
import { badInput } from '../../../platform/errors/errors.ts';
import type { Guard } from '../../kit/access/guard.ts';
import type { ClinicalContext } from '../context.ts';

const ONE_YEAR_MS = 366 * 24 * 3600 * 1000;

/** Stores the revocation in the clinical database and spreads it to every service (admins only). */
export async function revokeToken(admin: ClinicalContext['admin'], guard: Guard, principal: Principal, jti: string, expiresAt: Date | null) {
  guard.require('create', 'Token', undefined, [jti]);
  if (!/^[\w.:-]{1,200}$/.test(jti)) throw badInput('jti must be 1 to 200 letters, digits, or . _ : -', { argument: 'jti' });
  const revokedAt = new Date();
  const expires = expiresAt ?? new Date(revokedAt.getTime() + ONE_YEAR_MS);
  await admin.db.query(
    `INSERT INTO revoked_tokens (jti, revoked_at, expires_at, revoked_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (jti) DO UPDATE SET expires_at = GREATEST(revoked_tokens.expires_at, EXCLUDED.expires_at)`,
    [jti, revokedAt, expires, principal.sub],
  );
  await admin.revocations.revoke(jti, expires);
  return { jti, revokedAt, expiresAt: expires };
}

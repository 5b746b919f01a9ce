import type { Principal } from '../../../platform/auth/principal.ts';
import type { RevocationList } from '../../../platform/auth/revocations.ts';
import { badInput } from '../../../platform/errors/errors.ts';
import { AdminAccess } from '../../kit/access/admin-access.ts';
import type { Guard } from '../../kit/access/guard.ts';
import type { PolicyHolder } from '../../kit/access/policy-holder.ts';
import type { ClinicalStore } from '../store/clinical-store.ts';

/** The clinical subgraph's admin operations: those of every subgraph, and token revocation. */
export class ClinicalAdminAccess extends AdminAccess {
  constructor(
    guard: Guard,
    private readonly principal: Principal,
    policy: PolicyHolder,
    private readonly store: ClinicalStore,
    private readonly revocations: RevocationList,
  ) {
    super(guard, policy, store.audit);
  }

  /** Stores the revocation in the clinical database and spreads it to every service (`create` on Token). */
  async revokeToken(jti: string, expiresAt: Date | null) {
    this.guard.require('create', 'Token', undefined, [jti]);
    if (!/^[\w.:-]{1,200}$/.test(jti)) throw badInput('jti must be 1 to 200 letters, digits, or . _ : -', { argument: 'jti' });
    const revokedAt = new Date();
    const expires = this.revocations.keepUntil(expiresAt, revokedAt.getTime());
    await this.store.revocations.record(jti, revokedAt, expires, this.principal.sub);
    await this.revocations.revoke(jti, expires);
    return { jti, revokedAt, expiresAt: expires };
  }
}

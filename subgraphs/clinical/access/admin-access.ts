import type { Principal } from '../../../platform/auth/principal.ts';
import type { RevocationList } from '../../../platform/auth/revocations.ts';
import { badInput } from '../../../platform/errors/errors.ts';
import { AdminAccess } from '../../kit/access/admin-access.ts';
import type { Guard } from '../../kit/access/guard.ts';
import type { PolicyHolder } from '../../kit/access/policy-holder.ts';
import { identifierMarkers, identityFindings } from '../privacy/commit-rule.ts';
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

  /** Stored compositions the commit rule would now refuse: paths and problems, never values. */
  async identityFindings(first: number | null | undefined) {
    this.guard.require('read', 'Policy', undefined, []);
    const limit = first ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badInput('first must be between 1 and 1000', { argument: 'first' });
    const markers = identifierMarkers(this.guard.ability.identifierMarkers);
    const rows = await this.store.compositions.latestWithSubjects(limit);
    return rows.flatMap((row) => {
      const findings = identityFindings(row.canonical, row.subjectId, markers);
      if (findings.length === 0) return [];
      return [{ uid: row.uid, ehrId: row.ehrId, jsonPaths: findings.map((f) => f.jsonPath), problems: findings.map((f) => f.problem) }];
    });
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

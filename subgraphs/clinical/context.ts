import type { Principal } from '../../common/auth/principal.ts';
import { AuditLog } from '../common/access/audit-log.ts';
import { Guard } from '../common/access/guard.ts';
import type { PolicyHolder } from '../common/access/policy-holder.ts';
import type { Database } from '../common/db.ts';
import type { RevocationList } from '../../common/shared/revocations.ts';
import { ClinicalAccess } from './access/clinical-access.ts';

/** Everything a clinical resolver may use; built fresh for every request from the verified caller. */
export interface ClinicalContext {
  access: ClinicalAccess;
  guard: Guard;
  /** Admin operations only (audit, policy, token revocation), each checked against the caller's rules. */
  admin: { db: Database; policy: PolicyHolder; revocations: RevocationList };
  audit: AuditLog;
}

export interface ClinicalServices {
  db: Database;
  systemId: string;
  policy: PolicyHolder;
  revocations: RevocationList;
}

export function createClinicalContext(services: ClinicalServices, principal: Principal, requestId: string | null): ClinicalContext {
  const audit = new AuditLog(principal, requestId);
  const guard = new Guard(services.policy.abilityFor(principal), audit);
  return {
    access: new ClinicalAccess(services.db, guard, principal, services.systemId),
    guard,
    admin: { db: services.db, policy: services.policy, revocations: services.revocations },
    audit,
  };
}

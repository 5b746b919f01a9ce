import type { Principal } from '../../common/auth/principal.ts';
import { AuditLog } from '../common/access/audit-log.ts';
import { Guard } from '../common/access/guard.ts';
import type { PolicyHolder } from '../common/access/policy-holder.ts';
import type { Database } from '../common/db.ts';
import type { RevocationList } from '../../common/shared/revocations.ts';
import { ClinicalAccess } from './access/clinical-access.ts';
import { TemplateAccess } from './access/template-access.ts';
import type { TemplatePolicy } from './template-conformance.ts';

/** Everything a clinical resolver may use; built fresh for every request from the verified caller. */
export interface ClinicalContext {
  access: ClinicalAccess;
  templates: TemplateAccess;
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
  templates: TemplatePolicy;
}

export function createClinicalContext(services: ClinicalServices, principal: Principal, requestId: string | null): ClinicalContext {
  const audit = new AuditLog(principal, requestId);
  const guard = new Guard(services.policy.abilityFor(principal), audit);
  return {
    access: new ClinicalAccess(services.db, guard, principal, services.systemId, services.templates),
    templates: new TemplateAccess(services.db, guard, principal, services.templates.registry),
    guard,
    admin: { db: services.db, policy: services.policy, revocations: services.revocations },
    audit,
  };
}

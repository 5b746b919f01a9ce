import type { Principal } from '../../platform/auth/principal.ts';
import { AuditLog } from '../kit/access/audit-log.ts';
import { Guard } from '../kit/access/guard.ts';
import type { PolicyHolder } from '../kit/access/policy-holder.ts';
import type { Database } from '../kit/db/db.ts';
import type { RevocationList } from '../../platform/auth/revocations.ts';
import { ClinicalAccess } from './access/clinical-access.ts';
import { identityPathRefusal } from './access/identity-paths.ts';
import { QueryAccess } from './access/query-access.ts';
import { TemplateAccess } from './access/template-access.ts';
import { CohortAccess } from './access/cohort-access.ts';
import { createClinicalLoaders } from './access/loaders.ts';
import type { TemplatePolicy } from './templates/conformance.ts';

/** Everything a clinical resolver may use; built fresh for every request from the verified caller. */
export interface ClinicalContext {
  access: ClinicalAccess;
  templates: TemplateAccess;
  queries: QueryAccess;
  cohorts: CohortAccess;
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
  // One ability and one set of loaders per request: decisions are remembered, look-ups batched, for this caller only.
  const guard = new Guard(services.policy.abilityFor(principal), audit);
  const loaders = createClinicalLoaders(services.db, guard.ability);
  return {
    access: new ClinicalAccess(services.db, guard, principal, services.systemId, services.templates, loaders),
    templates: new TemplateAccess(services.db, guard, principal, services.templates.registry),
    queries: new QueryAccess(services.db, guard, principal, identityPathRefusal(guard.ability, guard.ability.research.suppressed)),
    cohorts: new CohortAccess(services.db, guard),
    guard,
    admin: { db: services.db, policy: services.policy, revocations: services.revocations },
    audit,
  };
}

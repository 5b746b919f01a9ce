import type { Principal } from '../../platform/auth/principal.ts';
import { AuditLog } from '../kit/access/audit-log.ts';
import { Guard } from '../kit/access/guard.ts';
import type { PolicyHolder } from '../kit/access/policy-holder.ts';
import type { Database } from '../kit/db/db.ts';
import { DemographicAccess } from './access/demographic-access.ts';
import type { FieldCipher } from './crypto.ts';
import { createDemographicLoaders } from './access/loaders.ts';

/** Everything a demographic resolver may use; built fresh for every request from the verified caller. */
export interface DemographicContext {
  access: DemographicAccess;
  guard: Guard;
  admin: { db: Database; policy: PolicyHolder };
  audit: AuditLog;
}

export interface DemographicServices {
  db: Database;
  cipher: FieldCipher;
  policy: PolicyHolder;
}

export function createDemographicContext(services: DemographicServices, principal: Principal, requestId: string | null): DemographicContext {
  const audit = new AuditLog(principal, requestId);
  // One ability and one set of loaders per request: decisions are remembered, look-ups batched, for this caller only.
  const guard = new Guard(services.policy.abilityFor(principal), audit);
  return {
    access: new DemographicAccess(services.db, services.cipher, guard, createDemographicLoaders(services.db, services.cipher)),
    guard,
    admin: { db: services.db, policy: services.policy },
    audit,
  };
}

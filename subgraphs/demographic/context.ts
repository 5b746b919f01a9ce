import type { Principal } from '../../platform/auth/principal.ts';
import type { RequestIds } from '../../platform/http/request-id.ts';
import { AdminAccess } from '../kit/access/admin-access.ts';
import { AuditLog } from '../kit/access/audit-log.ts';
import { Guard } from '../kit/access/guard.ts';
import type { PolicyHolder } from '../kit/access/policy-holder.ts';
import { DemographicAccess } from './access/demographic-access.ts';
import { askClinicalService } from './access/ehr-check.ts';
import type { DemographicStore } from './store/demographic-store.ts';

/** Everything a demographic resolver may use; built fresh for every request from the verified caller. */
export interface DemographicContext {
  access: DemographicAccess;
  /** Admin operations (audit, policy), each checked against the caller's rules. */
  admin: AdminAccess;
  audit: AuditLog;
}

export interface DemographicServices {
  store: DemographicStore;
  policy: PolicyHolder;
  /** The clinical subgraph's GraphQL URL, asked (with the caller's token) whether an EHR to link is readable. */
  clinicalUrl: string;
}

/** What the request carried that the service passes on: the caller's own Authorization header. */
export interface RequestCredentials {
  authorization: string | null;
}

export function createDemographicContext(
  services: DemographicServices,
  principal: Principal,
  ids: RequestIds,
  credentials: RequestCredentials,
): DemographicContext {
  const { store } = services;
  const audit = new AuditLog(store.audit, principal, ids);
  // One ability and one set of loaders per request: decisions are remembered, look-ups batched, for this caller only.
  const guard = new Guard(services.policy.abilityFor(principal), audit);
  return {
    access: new DemographicAccess(
      store,
      guard,
      store.loaders(),
      askClinicalService(services.clinicalUrl, credentials.authorization, ids.requestId),
      services.policy.careNetworkOf(principal) ?? [],
    ),
    admin: new AdminAccess(guard, services.policy, store.audit),
    audit,
  };
}

import type { Principal } from '../../platform/auth/principal.ts';
import type { RequestIds } from '../../platform/http/request-id.ts';
import type { RevocationList } from '../../platform/auth/revocations.ts';
import { AuditLog } from '../kit/access/audit-log.ts';
import { Guard } from '../kit/access/guard.ts';
import type { PolicyHolder } from '../kit/access/policy-holder.ts';
import type { CallerAbility } from '../kit/authz/types.ts';
import type { CursorCodec } from '../kit/graphql/sealed-cursors.ts';
import { ClinicalAdminAccess } from './access/admin-access.ts';
import { ClinicalAccess } from './access/clinical-access.ts';
import { EmergencyAccess } from './access/emergency-access.ts';
import { CohortAccess } from './access/cohort-access.ts';
import { hiddenFor } from './access/composition-view.ts';
import { QueryAccess } from './access/query-access.ts';
import type { ResearchGovernor } from './access/research-governor.ts';
import { TemplateAccess } from './access/template-access.ts';
import type { ResearchBudget } from './disclosure/budget.ts';
import { Disclosure } from './disclosure/noise.ts';
import type { ClinicalStore } from './store/clinical-store.ts';
import type { TemplatePolicy } from './templates/conformance.ts';

/** Everything a clinical resolver may use; built fresh for every request from the verified caller. */
export interface ClinicalContext {
  access: ClinicalAccess;
  templates: TemplateAccess;
  queries: QueryAccess;
  cohorts: CohortAccess;
  /** Admin operations (audit, policy, token revocation), each checked against the caller's rules. */
  admin: ClinicalAdminAccess;
  audit: AuditLog;
  /** Break the glass: opening emergency accesses, and an organisation's list of them. */
  emergency: EmergencyAccess;
}

export interface ClinicalServices {
  store: ClinicalStore;
  systemId: string;
  policy: PolicyHolder;
  revocations: RevocationList;
  templates: TemplatePolicy;
  /** Disclosure control of research numbers: the query budget and the noise secret. */
  research: { budget: ResearchBudget; noiseSecret: string };
  /** Seals composition page cursors (their key stands in for the record). */
  cursors: CursorCodec;
  /** Workload limits of research queries: shapes, deadlines, pool and per-caller concurrency. */
  governor: ResearchGovernor;
}

export async function createClinicalContext(services: ClinicalServices, principal: Principal, ids: RequestIds): Promise<ClinicalContext> {
  const { store } = services;
  // One ability and one set of loaders per request: decisions are remembered, look-ups batched, for this caller only.
  const ability = await abilityWithGrants(services, principal);
  const audit = new AuditLog(store.audit, principal, ids, ability.purpose);
  const guard = new Guard(ability, audit);
  const research = { budget: services.research.budget, disclosure: new Disclosure(services.research.noiseSecret, guard.ability.research), principal };
  return {
    access: new ClinicalAccess(store, guard, principal, services.systemId, services.templates, store.loaders(guard.ability), services.cursors),
    templates: new TemplateAccess(store.templates, guard, principal, services.templates.registry),
    queries: new QueryAccess(store, guard, principal, hiddenFor(guard.ability), research, services.governor),
    cohorts: new CohortAccess(store, guard, research, principal, services.governor),
    admin: new ClinicalAdminAccess(guard, principal, services.policy, store, services.revocations),
    audit,
    emergency: new EmergencyAccess(store, guard, principal, now),
  };
}

const now = () => new Date();

/**
 * The caller's ability with their emergency accesses in force now: looked up on every request of a
 * caller whose roles may break the glass, so an access ends at its expiry whatever the token.
 */
async function abilityWithGrants(services: ClinicalServices, principal: Principal): Promise<CallerAbility> {
  const ability = services.policy.abilityFor(principal);
  if (!ability.emergencyAccess.allowed) return ability;
  const grants = await services.store.emergency.inForce(principal, now());
  return grants.length === 0 ? ability : services.policy.abilityFor(principal, grants);
}

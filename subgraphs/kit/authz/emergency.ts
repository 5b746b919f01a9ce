import type { Principal } from '../../../platform/auth/principal.ts';
import type { PolicyDocument, PolicyRule } from './document.ts';
import type { Action, EmergencyAccessLimits, EmergencyGrant, SubjectType } from './types.ts';

export const DEFAULT_EMERGENCY_ACCESS = { roles: [] as readonly string[], maxMinutes: 60, reasonMinLength: 10 } as const;

/** Audit reason of every decision an emergency access made. */
export const emergencyReason = (reason: string) => `emergency: ${reason}`;

/** `actingRoles`: the roles of the request's purpose of use (only those may break the glass). */
export function emergencyAccessLimits(document: PolicyDocument, principal: Principal, actingRoles: readonly string[]): EmergencyAccessLimits {
  const settings = { ...DEFAULT_EMERGENCY_ACCESS, ...document.emergencyAccess };
  return {
    // a grant belongs to the caller's organisation too: a token without one cannot hold it
    allowed: principal.org !== null && principal.org !== '' && actingRoles.some((role) => settings.roles.includes(role)),
    maxMinutes: settings.maxMinutes,
    reasonMinLength: settings.reasonMinLength,
  };
}

/** The EHR attribute a rule on each subject names the EHR by. */
const EHR_ID_ATTRIBUTE: Partial<Record<SubjectType, string>> = { Ehr: 'id', Composition: 'ehrId', Entry: 'ehrId' };

/**
 * The rules a grant adds, one list per acting role of the caller (the roles of the request's
 * purpose) that may break the glass: that role's
 * rules filled (`fill`, the roles' own variable filling) with `${principal.network}` meaning the
 * network of the EHR's organisation (the caller's own org and sub stay theirs), kept only for
 * `read` on Ehr, Composition and Entry, and each bound to the grant's EHR. So a grant never reads
 * more of that EHR than the role reads of its own network's EHRs, and nothing else at all.
 * A `can` rule that already names an EHR is dropped (it cannot be narrowed to two EHRs); `cannot`
 * rules stay as they are (they only refuse).
 */
export function emergencyRoleRules(
  document: PolicyDocument,
  principal: Principal,
  actingRoles: readonly string[],
  grant: EmergencyGrant,
  fill: (rules: readonly PolicyRule[], networkOrg: string) => PolicyRule[],
): PolicyRule[][] {
  const roles = document.emergencyAccess?.roles ?? DEFAULT_EMERGENCY_ACCESS.roles;
  return actingRoles
    .filter((role) => roles.includes(role))
    .map((role) => fill(document.roles[role] ?? [], grant.ehrOrg).flatMap((rule) => boundToEhr(rule, grant)));
}

const reads = (action: Action | Action[]) => [action].flat().some((each) => each === 'read' || each === 'manage');

function boundToEhr(rule: PolicyRule, grant: EmergencyGrant): PolicyRule[] {
  if (!reads(rule.action)) return [];
  return [rule.subject].flat().flatMap((subject) => {
    const attribute = EHR_ID_ATTRIBUTE[subject];
    if (attribute === undefined) return [];
    if (rule.inverted) return [{ ...rule, action: 'read', subject }];
    if (rule.conditions && Object.hasOwn(rule.conditions, attribute)) return [];
    return [{ ...rule, action: 'read', subject, conditions: { ...rule.conditions, [attribute]: grant.ehrId }, reason: emergencyReason(grant.reason) }];
  });
}

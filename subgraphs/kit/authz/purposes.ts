import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import type { Principal } from '../../../platform/auth/principal.ts';
import type { PolicyDocument, PolicyRule } from './document.ts';
import { PolicyError } from './policy-schema.ts';
import type { SubjectType } from './types.ts';
import { PURPOSE_KINDS, type PurposeCode } from './vocabulary.ts';

/** Why a token cannot act under one purpose (the 401 reason every subgraph gives). */
export type PurposeRefusal = 'token roles span purposes: name one in the purpose claim' | 'unknown purpose' | 'token has no role of its purpose';

/** The purpose a request acts under (null: the unnamed purpose of the roles listed under none) and the roles it gets. */
export type ActivePurpose = { purpose: PurposeCode | null; roles: string[] } | { refused: PurposeRefusal };

/** A field a research purpose may never grant `read` on (the clinical service passes its identity table). */
export interface IdentifyingField {
  subject: SubjectType;
  field: string;
}

/** Where a rule of the merged document came from, for errors that name the file and the rule. */
export type RuleOrigin = (role: string, index: number) => { file: string; pointer: string };

const isPurposeCode = (value: string): value is PurposeCode => Object.hasOwn(PURPOSE_KINDS, value);

/** The purpose a role is listed under; null when under none. */
export function purposeOfRole(document: PolicyDocument, role: string): PurposeCode | null {
  for (const [purpose, roles] of Object.entries(document.purposes ?? {})) {
    if (roles.includes(role) && isPurposeCode(purpose)) return purpose;
  }
  return null;
}

/**
 * The one purpose of a request and the roles it acts with. The `purpose` claim selects a declared
 * purpose (roles of other purposes are left out); without it, all of the token's roles (those the
 * policy defines) must share one purpose, so that grants of different purposes never add up.
 */
export function activePurpose(document: PolicyDocument, principal: Pick<Principal, 'roles' | 'purpose'>): ActivePurpose {
  const roles = [...new Set(principal.roles)].filter((role) => Object.hasOwn(document.roles, role)).sort();
  const claimed = principal.purpose;
  if (claimed !== null) {
    if (!isPurposeCode(claimed) || document.purposes?.[claimed] === undefined) return { refused: 'unknown purpose' };
    const own = roles.filter((role) => purposeOfRole(document, role) === claimed);
    return own.length > 0 ? { purpose: claimed, roles: own } : { refused: 'token has no role of its purpose' };
  }
  const purposes = new Set(roles.map((role) => purposeOfRole(document, role)));
  if (purposes.size > 1) return { refused: 'token roles span purposes: name one in the purpose claim' };
  return { purpose: [...purposes][0] ?? null, roles };
}

export const isResearchPurpose = (purpose: PurposeCode | null): boolean => purpose !== null && PURPOSE_KINDS[purpose] === 'research';

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/**
 * A role belongs to one purpose at most and only roles the policy defines are listed; only a
 * treatment purpose links a patient and an EHR; a role of a research purpose grants no `link` at
 * all (nor `manage`, which includes it), nothing on `Patient`, and no `read` of an identifying field.
 */
export function checkPurposes(document: PolicyDocument, origin: RuleOrigin, file: string, identifying: readonly IdentifyingField[]): void {
  checkListedRoles(document, file);
  for (const [purpose, roles] of Object.entries(document.purposes ?? {})) {
    if (!isPurposeCode(purpose) || PURPOSE_KINDS[purpose] === 'treatment') continue;
    for (const role of roles) {
      const rules = document.roles[role] ?? [];
      const refuse = refusal(rules, role, purpose, origin);
      if (isResearchPurpose(purpose)) checkResearchRole(rules, refuse, identifying);
      else checkNoPatientLink(rules, refuse);
    }
  }
}

function checkListedRoles(document: PolicyDocument, file: string): void {
  const seen = new Map<string, string>();
  for (const [purpose, roles] of Object.entries(document.purposes ?? {})) {
    for (const role of roles) {
      const other = seen.get(role);
      if (other !== undefined)
        throw new PolicyError(file, `/purposes/${purpose}`, `role ${role} is listed under ${other} already: a role belongs to one purpose`);
      if (!Object.hasOwn(document.roles, role)) throw new PolicyError(file, `/purposes/${purpose}`, `lists role ${role}, which the policy does not define`);
      seen.set(role, purpose);
    }
  }
}

type Refuse = (index: number, what: string) => never;

function refusal(rules: readonly PolicyRule[], role: string, purpose: PurposeCode, origin: RuleOrigin): Refuse {
  return (index, what) => {
    const { file, pointer } = origin(role, index);
    const rule = `(rule "${rules[index]?.reason ?? ''}")`;
    throw new PolicyError(file, pointer, `role ${role} acts under the ${PURPOSE_KINDS[purpose]} purpose ${purpose}, which never grants ${what} ${rule}`);
  };
}

/** Linking a patient and an EHR is care: a purpose of another kind (operations) may not grant it. */
function checkNoPatientLink(rules: readonly PolicyRule[], refuse: Refuse) {
  rules.forEach((rule, index) => {
    const actions = asList(rule.action);
    const linksPatient = asList(rule.subject).some((subject) => subject === 'Patient' || subject === 'Ehr');
    if (!rule.inverted && linksPatient && (actions.includes('link') || actions.includes('manage'))) refuse(index, 'link between a patient and an EHR');
  });
}

function checkResearchRole(rules: readonly PolicyRule[], refuse: Refuse, identifying: readonly IdentifyingField[]) {
  rules.forEach((rule, index) => {
    if (rule.inverted) return;
    const actions = asList(rule.action);
    if (actions.includes('link') || actions.includes('manage')) refuse(index, actions.includes('link') ? 'link' : 'manage (it includes link)');
    if (asList(rule.subject).includes('Patient')) refuse(index, 'anything on Patient');
  });
  const ability = createMongoAbility(rules as RawRuleOf<MongoAbility>[]);
  for (const { subject, field } of identifying) {
    const index = grantingRule(ability, rules, subject, field);
    if (index !== null) refuse(index, `read of the identifying field ${subject}.${field}`);
  }
}

/**
 * The rule through which the role may read `subject.field` for some object, or null when an
 * unconditional `cannot` decides first (CASL: the last matching rule wins) or nothing grants it.
 */
function grantingRule(ability: MongoAbility, rules: readonly PolicyRule[], subject: SubjectType, field: string): number | null {
  for (const rule of ability.rulesFor('read', subject, field)) {
    if (rule.inverted && rule.conditions === undefined) return null;
    if (!rule.inverted) return rules.indexOf(rule.origin as PolicyRule);
  }
  return null;
}

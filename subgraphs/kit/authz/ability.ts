import { createMongoAbility, subject as asSubject, type MongoAbility, type RawRuleOf } from '@casl/ability';
import type { Principal } from '../../../platform/auth/principal.ts';
import type { LoadedPolicy, PolicyDocument, PolicyRule } from './document.ts';
import { attributesReadBy, DecisionMemo, type RuleLike } from './decision-memo.ts';
import { emergencyAccessLimits, emergencyRoleRules } from './emergency.ts';
import { activePurpose } from './purposes.ts';
import { parseScopes, scopedSubjects, scopeRules } from './scopes.ts';
import type { SqlParams } from '../db/sql.ts';
import { allOf, anyOf, render, rulesToSql } from './to-sql.ts';
import type {
  Action,
  CallerAbility,
  ColumnMap,
  Decision,
  EmergencyAccessLimits,
  EmergencyGrant,
  ResearchLimits,
  SqlFilterOptions,
  SubjectAttributes,
  SubjectType,
} from './types.ts';
import { fillConditions } from './variables.ts';
import { ATTRIBUTES } from './vocabulary.ts';

/** What is compiled once per (policy version, caller): one CASL ability per role, one for the token's scopes. */
interface Compiled {
  roles: MongoAbility[];
  purpose: string | null;
  /** The roles of the request's purpose (each has one entry in `roles`). */
  actingRoles: readonly string[];
  /** Null when the token has no `scope` claim (no narrowing). */
  scope: MongoAbility | null;
  /** Subjects the scopes narrow. */
  scoped: ReadonlySet<SubjectType>;
  research: ResearchLimits;
  emergencyAccess: EmergencyAccessLimits;
  /** The caller's emergency accesses in force, each with one ability per role that may break the glass (not cached: per request). */
  emergency: readonly { grant: EmergencyGrant; roles: MongoAbility[] }[];
  identifierMarkers: readonly string[];
  /** Per `action/subject/field`: the attributes the relevant rules' conditions read (filled on first use). */
  attributesRead: Map<string, readonly string[]>;
}

export const DEFAULT_MINIMUM_CELL_SIZE = 5;
export const DEFAULT_SUPPRESS_ROLES: readonly string[] = ['researcher'];
export const DEFAULT_NOISE = { countScale: 2, valueScale: 1 } as const;
export const DEFAULT_ORDER_STATISTICS_MINIMUM_CELL_SIZE = 20;
export const DEFAULT_BUDGET = { queries: 100, windowSeconds: 86_400 } as const;

const CACHE_LIMIT = 1000;
const cache = new Map<string, Compiled>();
let compilations = 0;

/**
 * The caller's effective rights: the union of the roles of the one purpose the request acts under
 * (see activePurpose; a token refused a purpose gets nothing), each role's rules evaluated on their
 * own (so one role's `cannot` does not cancel another role's grant), intersected with the scopes
 * of the token. Compiled once per (policy version, caller) and kept in a bounded LRU cache. The
 * caller's emergency accesses in force (`grants`) add the rules of emergency.ts, after the roles,
 * for the acting roles that may break the glass.
 */
export function buildCallerAbility(policy: LoadedPolicy, principal: Principal, grants: readonly EmergencyGrant[] = []): CallerAbility {
  const key = cacheKey(policy, principal);
  let compiled = cache.get(key);
  if (compiled) cache.delete(key);
  else compiled = compile(policy.document, principal);
  cache.set(key, compiled);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return new CompiledAbility(principal, withGrants(compiled, policy.document, principal, grants));
}

function withGrants(compiled: Compiled, document: PolicyDocument, principal: Principal, grants: readonly EmergencyGrant[]): Compiled {
  if (grants.length === 0 || !compiled.emergencyAccess.allowed) return compiled;
  const fill = (rules: readonly PolicyRule[], networkOrg: string) => roleRules(rules, document, principal, networkOrg);
  const emergency = grants.map((grant) => ({ grant, roles: emergencyRoleRules(document, principal, compiled.actingRoles, grant, fill).map(toAbility) }));
  return { ...compiled, emergency, attributesRead: new Map() };
}

export const abilityCacheStats = () => ({ size: cache.size, compilations });

function cacheKey(policy: LoadedPolicy, p: Principal): string {
  const scopes = p.scopes === null ? null : [...new Set(p.scopes)].sort();
  return `${policy.version}\n${JSON.stringify([p.sub, p.org, [...new Set(p.roles)].sort(), scopes, p.ehrId, p.purpose])}`;
}

function compile(document: PolicyDocument, principal: Principal): Compiled {
  compilations += 1;
  const active = activePurpose(document, principal);
  const actingRoles = 'refused' in active ? [] : active.roles;
  const roles = actingRoles.map((role) => toAbility(roleRules(document.roles[role] ?? [], document, principal)));
  const limits = {
    purpose: 'refused' in active ? null : active.purpose,
    actingRoles,
    research: researchLimits(document, principal),
    emergencyAccess: emergencyAccessLimits(document, principal, actingRoles),
    emergency: [],
    identifierMarkers: document.identity?.identifierMarkers ?? [],
  };
  if (principal.scopes === null) return { roles, scope: null, scoped: new Set(), ...limits, attributesRead: new Map() };
  const parsed = parseScopes(principal.scopes);
  if (parsed.malformed > 0) console.warn(`authz: ignored ${parsed.malformed} malformed SMART scope(s) of a token`);
  const scope = toAbility(scopeRules(parsed, principal.ehrId));
  return { roles, scope, scoped: scopedSubjects(parsed), ...limits, attributesRead: new Map() };
}

/** Any suppressed role suppresses: another role of the caller never lifts it. */
function researchLimits(document: PolicyDocument, principal: Principal): ResearchLimits {
  const research = document.research;
  const hasAny = (roles: readonly string[]) => principal.roles.some((role) => roles.includes(role));
  return {
    suppressed: hasAny(research.suppressRoles ?? DEFAULT_SUPPRESS_ROLES),
    minimumCellSize: research.minimumCellSize ?? DEFAULT_MINIMUM_CELL_SIZE,
    aggregateOnly: hasAny(research.aggregateOnlyRoles ?? DEFAULT_SUPPRESS_ROLES),
    rowLevelQueries: research.rowLevelQueries ?? [],
    noise: { ...DEFAULT_NOISE, ...research.noise },
    orderStatisticsMinimumCellSize: research.orderStatisticsMinimumCellSize ?? DEFAULT_ORDER_STATISTICS_MINIMUM_CELL_SIZE,
    budget: { ...DEFAULT_BUDGET, ...research.budget },
  };
}

const toAbility = (rules: readonly object[]) => createMongoAbility(rules as RawRuleOf<MongoAbility>[]);

/** The role's rules with variables filled; a variable without a value never widens (see fillConditions). */
function roleRules(rules: readonly PolicyRule[], document: PolicyDocument, principal: Principal, networkOrg = principal.org): PolicyRule[] {
  const result: PolicyRule[] = [];
  for (const { conditions, ...rule } of rules) {
    const filled = conditions === undefined ? undefined : fillConditions(conditions, document, principal, networkOrg);
    if (filled === null) {
      if (rule.inverted) result.push(rule);
      continue;
    }
    result.push(filled === undefined ? rule : { ...rule, conditions: filled });
  }
  return result;
}

/** The object's allow-listed attributes that have a value: absent and null are the same to rules and SQL. */
function attributesOf(subject: SubjectType, object: object): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const name of ATTRIBUTES[subject] as readonly string[]) {
    const value = (object as Record<string, unknown>)[name];
    if (value !== null && value !== undefined) attributes[name] = value;
  }
  return attributes;
}

/**
 * One caller's ability, built once per request. Its decisions are remembered for the request by
 * what they depend on (see DecisionMemo).
 */
class CompiledAbility implements CallerAbility {
  readonly purpose: string | null;
  readonly research: ResearchLimits;
  readonly emergencyAccess: EmergencyAccessLimits;
  readonly identifierMarkers: readonly string[];
  private readonly memo: DecisionMemo;

  constructor(
    readonly principal: Principal,
    private readonly compiled: Compiled,
  ) {
    this.purpose = compiled.purpose;
    this.research = compiled.research;
    this.emergencyAccess = compiled.emergencyAccess;
    this.identifierMarkers = compiled.identifierMarkers;
    this.memo = new DecisionMemo((key, action, subject, field) => this.attributesRead(key, action, subject, field));
  }

  can<S extends SubjectType>(action: Action, subject: S, object?: SubjectAttributes[S], field?: string): boolean {
    return this.decide(action, subject, object, field).allowed;
  }

  decide<S extends SubjectType>(action: Action, subject: S, object?: SubjectAttributes[S], field?: string): Decision {
    return this.memo.decide(action, subject, object, field, () => this.evaluate(action, subject, object, field));
  }

  /** The attributes the relevant rules read; the same for every request of this caller, so kept with the compiled rules. */
  private attributesRead(key: string, action: Action, subject: SubjectType, field: string | undefined): readonly string[] {
    const { roles, scope, scoped, attributesRead } = this.compiled;
    let names = attributesRead.get(key);
    if (!names) {
      const rules: RuleLike[] = [...roles, ...this.emergencyRoles()].flatMap((role) => role.rulesFor(action, subject, field));
      if (scope && scoped.has(subject)) rules.push(...scope.rulesFor(action, subject, field));
      names = attributesReadBy(rules, subject);
      attributesRead.set(key, names);
    }
    return names;
  }

  private evaluate(action: Action, subject: SubjectType, object: object | undefined, field: string | undefined): Decision {
    const target = object === undefined ? subject : asSubject(subject, attributesOf(subject, object));
    let denial: string | undefined;
    let grant: string | undefined;
    for (const role of this.compiled.roles) {
      const rule = role.relevantRuleFor(action, target, field);
      if (rule && !rule.inverted) {
        grant = rule.reason ?? `a rule allows ${action} on ${subject}`;
        break;
      }
      if (rule && denial === undefined) denial = rule.reason;
    }
    const emergency = grant === undefined ? this.emergencyGrant(action, target, field) : undefined;
    if (emergency) grant = emergency.reason;
    if (grant === undefined) return { allowed: false, reason: denial ?? `no rule allows ${action} on ${subject}` };
    const { scope, scoped } = this.compiled;
    if (scope && scoped.has(subject) && !scope.can(action, target, field)) {
      return { allowed: false, reason: `no scope of the token allows ${action} on ${subject}` };
    }
    return emergency ? { allowed: true, reason: grant, emergencyAccessId: emergency.grant.id } : { allowed: true, reason: grant };
  }

  /** The first emergency access whose rules allow what the roles did not, with the reason of its rule. */
  private emergencyGrant(action: Action, target: Parameters<MongoAbility['relevantRuleFor']>[1], field: string | undefined) {
    for (const { grant, roles } of this.compiled.emergency) {
      for (const role of roles) {
        const rule = role.relevantRuleFor(action, target, field);
        if (rule && !rule.inverted) return { grant, reason: rule.reason ?? '' };
      }
    }
    return undefined;
  }

  private emergencyRoles(): MongoAbility[] {
    return this.compiled.emergency.flatMap((each) => each.roles);
  }

  grantFor(ehrId: string): EmergencyGrant | null {
    return this.compiled.emergency.find((each) => each.grant.ehrId === ehrId)?.grant ?? null;
  }

  sqlFilter<S extends SubjectType>(action: Action, subject: S, columns: ColumnMap<S>, params: SqlParams, options: SqlFilterOptions = {}): string {
    const map = columns as Record<string, string | undefined>;
    const abilities = options.emergency ? [...this.compiled.roles, ...this.emergencyRoles()] : this.compiled.roles;
    const roles = anyOf(abilities.map((role) => rulesToSql(role.rulesFor(action, subject), subject, map)));
    const { scope, scoped } = this.compiled;
    const narrowed = scope && scoped.has(subject) ? allOf([roles, rulesToSql(scope.rulesFor(action, subject), subject, map)]) : roles;
    return render(narrowed, params);
  }
}

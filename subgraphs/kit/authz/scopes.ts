import type { Action, SubjectType } from './types.ts';

/**
 * SMART-on-openEHR resource scopes (ITS-REST "SMART on openEHR" 1.1.0, Scopes):
 * `<compartment>/<resource>.<permissions>`, e.g. `user/composition-X.cr`, `patient/composition-*.r`,
 * `user/aql-patient_history.s`. Permissions are a subset of `cruds`, in that order.
 */
export type Compartment = 'patient' | 'user' | 'system';
export type ScopeResource = 'composition' | 'template' | 'aql';
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

export interface ParsedScope {
  compartment: Compartment;
  resource: ScopeResource;
  /** Template id or query name; `*` matches any run of characters (`MyHospital::*`, `*::Template.v0`). */
  pattern: string;
  permissions: Permission[];
}

export interface ParsedScopes {
  scopes: ParsedScope[];
  /** How many resource-like scopes could not be parsed (ignored: they never widen access). */
  malformed: number;
}

const RESOURCE_SCOPE = /^(patient|user|system)\/(composition|template|aql)-([A-Za-z0-9_.:%*-]+)\.(c?r?u?d?s?)$/;
/** Scopes that are valid but carry no resource access (OpenID Connect, launch context, refresh tokens). */
const NON_RESOURCE_SCOPE = /^(openid|profile|email|fhirUser|offline_access|online_access|launch(\/(patient|episode|encounter))?)$/;

export function parseScopes(scopes: readonly string[]): ParsedScopes {
  const parsed: ParsedScope[] = [];
  let malformed = 0;
  for (const scope of scopes) {
    if (NON_RESOURCE_SCOPE.test(scope)) continue;
    const match = RESOURCE_SCOPE.exec(scope);
    const [, compartment, resource, pattern, permissions] = match ?? [];
    if (!compartment || !resource || !pattern || !permissions) {
      malformed += 1;
      continue;
    }
    parsed.push({
      compartment: compartment as Compartment,
      resource: resource as ScopeResource,
      pattern,
      permissions: [...permissions] as Permission[],
    });
  }
  return { scopes: parsed, malformed };
}

/** `*` → any run of characters; everything else literal. The same pattern works in JS and PostgreSQL `~`. */
export function patternCondition(pattern: string): string | { $regex: RegExp } | undefined {
  if (pattern === '*') return undefined;
  if (!pattern.includes('*')) return pattern;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  // Flag `s`: `.` also matches line breaks, as it does in PostgreSQL's default regex flavour.
  return { $regex: new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`, 's') };
}

export interface ScopeRule {
  action: Action[];
  subject: SubjectType;
  conditions: Record<string, unknown>;
  reason: string;
}

const ACTIONS: Record<ScopeResource, Partial<Record<Permission, Action>>> = {
  composition: { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'read' },
  template: { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'read' },
  aql: { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'execute' },
};

/** Subjects the scopes speak about; the others (Patient, AuditEvent, Token, Policy) are not narrowed. */
export function scopedSubjects(parsed: ParsedScopes): Set<SubjectType> {
  const subjects = new Set<SubjectType>(['Composition', 'Entry', 'Template', 'StoredQuery']);
  // An EHR is narrowed only when every resource scope is bound to the launch EHR.
  if (parsed.scopes.length > 0 && parsed.scopes.every((scope) => scope.compartment === 'patient')) subjects.add('Ehr');
  return subjects;
}

/** CASL `can` rules granted by the scopes; `patient/` scopes are bound to `ehrId` and grant nothing without it. */
export function scopeRules(parsed: ParsedScopes, ehrId: string | null): ScopeRule[] {
  const rules: ScopeRule[] = [];
  for (const scope of parsed.scopes) {
    if (scope.compartment === 'patient' && !ehrId) continue;
    const reason = `token scope ${scope.compartment}/${scope.resource}-${scope.pattern}.${scope.permissions.join('')}`;
    const match = patternCondition(scope.pattern);
    const actions = [...new Set(scope.permissions.map((p) => ACTIONS[scope.resource][p]).filter((a) => a !== undefined))];
    const bound = scope.compartment === 'patient' ? { ehrId } : {};
    if (scope.resource === 'composition') {
      const conditions = { ...bound, ...(match === undefined ? {} : { templateId: match }) };
      rules.push({ action: actions, subject: 'Composition', conditions, reason });
      // Reading an entry needs a read scope on its composition's template.
      if (actions.includes('read')) rules.push({ action: ['read'], subject: 'Entry', conditions, reason });
      if (scope.compartment === 'patient') rules.push({ action: ['manage'], subject: 'Ehr', conditions: { id: ehrId }, reason });
    } else {
      const attribute = scope.resource === 'template' ? 'templateId' : 'name';
      const conditions = match === undefined ? {} : { [attribute]: match };
      rules.push({ action: actions, subject: scope.resource === 'template' ? 'Template' : 'StoredQuery', conditions, reason });
      if (scope.compartment === 'patient') rules.push({ action: ['manage'], subject: 'Ehr', conditions: { id: ehrId }, reason });
    }
  }
  return rules;
}

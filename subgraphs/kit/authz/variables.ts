import type { Principal } from '../../../platform/auth/principal.ts';
import type { PolicyDocument } from './document.ts';

/**
 * Resolves `${…}` variables: a string, a list, or null (the principal has no such value).
 * `networkOrg` is the organisation whose network `${principal.network}` means: the caller's own,
 * except for the rules of a break-the-glass grant, filled for the EHR's organisation.
 */
export function variableValue(name: string, document: PolicyDocument, principal: Principal, networkOrg = principal.org): string | string[] | null {
  switch (name) {
    case 'principal.org':
      return principal.org;
    case 'principal.sub':
      return principal.sub;
    case 'principal.ehrId':
      return principal.ehrId;
    case 'principal.network':
      return networkOf(document, networkOrg);
    case 'organisations.researchAllowed':
      return [...document.organisations.researchAllowed];
  }
  const [kind, list] = name.split('.', 2);
  if ((kind === 'codeLists' || kind === 'templateLists') && list !== undefined) {
    const values = Object.hasOwn(document[kind], list) ? document[kind][list] : undefined;
    if (values) return [...values];
  }
  // The schema and the loader reject unknown variables; anything else here fails closed.
  return null;
}

/** Every organisation in a network with `org`, and `org` itself; null without an organisation. */
export function networkOf(document: PolicyDocument, org: string | null): string[] | null {
  if (org === null || org === '') return null;
  const members = new Set([org]);
  for (const network of Object.values(document.organisations.networks)) {
    if (network.includes(org)) for (const member of network) members.add(member);
  }
  return [...members];
}

const VARIABLE = /^\$\{([A-Za-z0-9_.-]+)\}$/;

/**
 * Conditions with their variables filled in, or null when a variable has no value for this
 * principal (no `org` claim, no launch EHR, …). The caller decides what null means: a `can` rule
 * is dropped (it grants nothing) and a `cannot` rule loses its conditions (it forbids everything),
 * so a missing claim never widens access.
 */
export function fillConditions(
  conditions: Record<string, unknown>,
  document: PolicyDocument,
  principal: Principal,
  networkOrg = principal.org,
): Record<string, unknown> | null {
  const unfilled: string[] = [];
  const fill = (value: unknown): unknown => {
    const match = typeof value === 'string' ? VARIABLE.exec(value) : null;
    if (!match?.[1]) return value;
    const resolved = variableValue(match[1], document, principal, networkOrg);
    if (resolved === null || resolved === '') unfilled.push(match[1]);
    return resolved;
  };
  const filled: Record<string, unknown> = {};
  for (const [attribute, condition] of Object.entries(conditions)) {
    filled[attribute] =
      condition !== null && typeof condition === 'object' && !Array.isArray(condition)
        ? Object.fromEntries(Object.entries(condition).map(([operator, value]) => [operator, fill(value)]))
        : fill(condition);
  }
  return unfilled.length > 0 ? null : filled;
}

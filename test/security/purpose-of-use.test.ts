/**
 * Purpose of use (docs/security.md "Purpose of use"): a request acts under exactly one purpose, and
 * grants of different purposes never add up. The attack of issue 13: a researcher who is also a
 * clinician of org-c reads an org-a research record and follows `ehr { patient }` to the patient.
 * Refused through the gateway and on both subgraphs directly, with and without a purpose claim.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLResponse } from '../kit/graphql-client.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { bearer, type Headers, type TokenClaims } from '../kit/tokens.ts';
import { anonymous, createEhr, headersFor, linkEhr, registerPatient, type Target } from './support.ts';

const FAMILY = 'Purposeful';
const NATIONAL_ID = { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: '999-013-013' };
const SPAN = 'token roles span purposes: name one in the purpose claim';
const TARGETS: Target[] = ['gateway', 'clinical', 'demographic'];

/** The query each service answers: the attack through the gateway, its halves on the subgraphs. */
const EHR_PATIENT: Record<Target, string> = {
  gateway: `query($id: UUID!) { ehr(id: $id) { subjectNamespace patient { name { family } identifiers { value } } } }`,
  clinical: `query($id: UUID!) { ehr(id: $id) { subjectNamespace } }`,
  demographic: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Ehr { patient { name { family } identifiers { value } } } } }`,
};
const variablesFor = (target: Target, ehrId: string) => (target === 'demographic' ? { r: [{ __typename: 'Ehr', id: ehrId }] } : { id: ehrId });

const MIXED_C = { sub: 'dual-c', org: 'org-c', roles: ['researcher', 'clinician'] } satisfies TokenClaims;
const MIXED_A = { sub: 'dual-a', org: 'org-a', roles: ['researcher', 'clinician'] } satisfies TokenClaims;

let system: TestSystem;
let ehrId: string;

beforeAll(async () => {
  system = await startSystem();
  const clinicianA = await headersFor(system, { sub: 'dr-a', org: 'org-a', roles: ['clinician'] });
  const registrarA = await headersFor(system, { sub: 'reg-a', org: 'org-a', roles: ['registrar'] });
  ehrId = (await createEhr(system.gateway, clinicianA)).id;
  const patientId = await registerPatient(system.gateway, registrarA, { name: { family: FAMILY }, identifiers: [NATIONAL_ID] });
  await linkEhr(system.gateway, registrarA, patientId, ehrId);
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

const ask = async (target: Target, claims: TokenClaims, id = ehrId): Promise<GraphQLResponse> =>
  system[target].request(EHR_PATIENT[target], variablesFor(target, id), await headersFor(system, claims));

/** The answer with the EHR's id written as `<id>`, to compare it with the answer about an EHR that does not exist. */
const withoutId = (response: GraphQLResponse, id: string) => JSON.parse(JSON.stringify(response).replaceAll(id, '<id>')) as unknown;

const leaksPatient = (response: GraphQLResponse) => JSON.stringify(response).includes(FAMILY) || JSON.stringify(response).includes(NATIONAL_ID.value);

describe('the mixed [researcher, clinician] token of org-c gets no patient', () => {
  it.each(TARGETS)('%s: without a purpose claim the token is refused, 401 with the same reason on every subgraph', async (target) => {
    const response = await ask(target, MIXED_C);
    expect(leaksPatient(response)).toBe(false);
    // The gateway holds no policy: it forwards, and answers with the subgraph's refusal.
    expect({ status: response.status, data: response.data, errors: response.errors }).toEqual({
      status: 401,
      data: undefined,
      errors: [{ message: `Unauthenticated: ${SPAN}`, extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });

  it.each(TARGETS.flatMap((target) => ['HRESCH', 'TREAT'].map((purpose) => [target, purpose] as const)))(
    '%s under %s: no patient, answered as for an EHR that does not exist',
    async (target, purpose) => {
      const response = await ask(target, { ...MIXED_C, purpose });
      expect(leaksPatient(response)).toBe(false);
      const nowhere = randomUUID();
      const none = await ask(target, { ...MIXED_C, purpose }, nowhere);
      if (purpose === 'HRESCH' && target === 'gateway') {
        // Research may see that a research record exists, never whose it is: the key to its patient is withheld.
        expect(response.data?.ehr ?? null).toBeNull();
        expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
        expect(response.errors?.[0]?.path).toEqual(['ehr', 'id']);
      } else if (purpose === 'HRESCH' && target === 'clinical') {
        expect(response).toEqual({ status: 200, data: { ehr: { subjectNamespace: 'default' } } });
      } else {
        expect(withoutId(response, ehrId)).toEqual(withoutId(none, nowhere));
      }
    },
  );

  it('under TREAT the org-c clinician does not see the org-a EHR at all', async () => {
    expect(await ask('clinical', { ...MIXED_C, purpose: 'TREAT' })).toEqual({ status: 200, data: { ehr: null } });
  });
});

describe('the same query can succeed: the refusals above are about purpose, not a broken query', () => {
  it('a clinician of org-a (TREAT, no claim needed) follows ehr { patient } to the patient through the gateway', async () => {
    const response = await ask('gateway', { sub: 'dr-a', org: 'org-a', roles: ['clinician'] });
    expect(response).toEqual({
      status: 200,
      data: { ehr: { subjectNamespace: 'default', patient: { name: { family: FAMILY }, identifiers: [{ value: NATIONAL_ID.value }] } } },
    });
  });

  it('the mixed token of org-a gets the patient under TREAT, and not under HRESCH', async () => {
    expect(leaksPatient(await ask('gateway', { ...MIXED_A, purpose: 'TREAT' }))).toBe(true);
    for (const target of TARGETS) expect(leaksPatient(await ask(target, { ...MIXED_A, purpose: 'HRESCH' })), target).toBe(false);
  });
});

describe('a purpose the token cannot act under is refused by every subgraph', () => {
  const refusals: [string, TokenClaims, string][] = [
    ['a purpose the policy does not declare', { ...MIXED_C, purpose: 'ETREAT' }, 'unknown purpose'],
    ['a code that is no purpose', { ...MIXED_C, purpose: 'treat' }, 'unknown purpose'],
    ['a purpose none of the roles belongs to', { sub: 'nurse', org: 'org-a', roles: ['nurse'], purpose: 'HRESCH' }, 'token has no role of its purpose'],
    ['admin and clinician without a claim', { sub: 'boss', org: 'org-a', roles: ['admin', 'clinician'] }, SPAN],
  ];
  it.each(refusals)('%s', async (_name, claims, reason) => {
    const headers: Headers = bearer(await system.token(claims));
    for (const target of ['clinical', 'demographic'] as const) {
      const response = await anonymous(system[target]).request('{ __typename }', {}, headers);
      expect({ status: response.status, errors: response.errors }, target).toEqual({
        status: 401,
        errors: [{ message: `Unauthenticated: ${reason}`, extensions: { code: 'UNAUTHENTICATED' } }],
      });
    }
    const throughGateway = await anonymous(system.gateway).request(EHR_PATIENT.gateway, { id: ehrId }, headers);
    expect({ status: throughGateway.status, errors: throughGateway.errors }).toEqual({
      status: 401,
      errors: [{ message: `Unauthenticated: ${reason}`, extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });

  it('a purpose claim qualified by its code system selects the purpose too', async () => {
    const claims = { ...MIXED_A, purpose: 'http://terminology.hl7.org/CodeSystem/v3-ActReason|TREAT' };
    expect(leaksPatient(await ask('gateway', claims))).toBe(true);
  });
});

describe('the audit trail records the purpose each request acted under', () => {
  const EVENTS = {
    clinical: `query($s: String!) { auditEvents(filter: { sub: $s }, first: 100) { edges { node { purpose roles } } } }`,
    demographic: `query($s: String!) { demographicAuditEvents(filter: { sub: $s }, first: 100) { edges { node { purpose roles } } } }`,
  };
  const purposesOf = async (service: 'clinical' | 'demographic', sub: string) => {
    const auditor = await headersFor(system, { sub: 'auditor-1', org: null, roles: ['auditor'] });
    const response = await system[service].request(EVENTS[service], { s: sub }, auditor);
    const edges = (response.data?.auditEvents ?? response.data?.demographicAuditEvents)?.edges as { node: { purpose: string | null } }[];
    return [...new Set(edges.map((edge) => edge.node.purpose))];
  };

  it('in both services: the claimed purpose, or the one purpose of the roles', async () => {
    // Research never reaches the demographic service through the gateway (no EHR id to ask with): ask it directly.
    await ask('gateway', { ...MIXED_A, sub: 'audited-research', purpose: 'HRESCH' });
    await ask('demographic', { ...MIXED_A, sub: 'audited-research', purpose: 'HRESCH' });
    await ask('gateway', { ...MIXED_A, sub: 'audited-care', purpose: 'TREAT' });
    await ask('gateway', { sub: 'audited-clinician', org: 'org-a', roles: ['clinician'] });
    for (const service of ['clinical', 'demographic'] as const) {
      expect(await purposesOf(service, 'audited-research'), service).toEqual(['HRESCH']);
      expect(await purposesOf(service, 'audited-care'), service).toEqual(['TREAT']);
      expect(await purposesOf(service, 'audited-clinician'), service).toEqual(['TREAT']);
    }
  });
});

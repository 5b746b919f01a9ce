/**
 * Shared helpers of the security tests: the cast of callers, database snapshots that prove a
 * refused request stored nothing (and left the audit trail append-only), and the data they act on.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { TokenRequest } from '../../platform/auth/tokens.ts';
import type { Queryable } from '../../subgraphs/kit/db/db.ts';
import { graphqlClient, type GraphQLClient, type GraphQLResponse } from '../kit/graphql-client.ts';
import { rowCounts } from '../kit/row-counts.ts';
import type { TestSystem } from '../kit/system.ts';
import { bearer, type Headers } from '../kit/tokens.ts';

/**
 * HTTP status of an answer whose only errors are FORBIDDEN / NOT_FOUND. The error registry gives
 * FORBIDDEN the status 403 it would deserve when nothing else ran; every service answers 200 today.
 */
export const REFUSED_STATUS = 200;

/** The cast. Org-a and org-b share the care network `north`; org-c does not; only org-a allows research. */
export const CAST = {
  clinicianA: { sub: 'dr-a', org: 'org-a', roles: ['clinician'] },
  clinicianB: { sub: 'dr-b', org: 'org-b', roles: ['clinician'] },
  clinicianC: { sub: 'dr-c', org: 'org-c', roles: ['clinician'] },
  nurseA: { sub: 'nurse-a', org: 'org-a', roles: ['nurse'] },
  researcher: { sub: 'researcher-r', org: 'uni-r', roles: ['researcher'] },
  registrar: { sub: 'registrar-a', org: 'org-a', roles: ['registrar'] },
  admin: { sub: 'admin-1', org: 'org-a', roles: ['admin'] },
  adminC: { sub: 'admin-c', org: 'org-c', roles: ['admin'] },
  auditor: { sub: 'auditor-1', org: null, roles: ['auditor'] },
  noRoles: { sub: 'nobody', org: 'org-a', roles: [] },
} satisfies Record<string, Partial<TokenRequest>>;
export type Actor = keyof typeof CAST;

/** Authorization headers of every member of the cast (fresh tokens of the system's issuer). */
export async function castHeaders(system: TestSystem): Promise<Record<Actor, Headers>> {
  const entries = await Promise.all(Object.entries(CAST).map(async ([actor, claims]) => [actor, bearer(await system.token(claims))] as const));
  return Object.fromEntries(entries) as Record<Actor, Headers>;
}

export const headersFor = async (system: TestSystem, claims: Partial<TokenRequest>): Promise<Headers> => bearer(await system.token(claims));

/** A client that sends no Authorization header unless told to. */
export const anonymous = (client: GraphQLClient): GraphQLClient => graphqlClient(client.url);

export type Target = 'gateway' | 'clinical' | 'demographic';

// ---------------------------------------------------------------------------------------------
// Database snapshots

export interface DbSnapshot {
  /** Row count of every table of the service except the audit trail. */
  tables: Record<string, number>;
  audit: { count: number; lastId: number; digest: string };
}

export interface SystemSnapshot {
  clinical: DbSnapshot;
  demographic: DbSnapshot;
}

/** Every base table of the service's schema (so a new table is covered without editing the tests). */
async function dataTables(db: Queryable): Promise<string[]> {
  const result = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'audit_events'
     ORDER BY table_name`,
  );
  return result.rows.map((row) => row.name);
}

/** Hash of every audit row up to `lastId`, all columns included. */
async function auditDigest(db: Queryable, lastId: number): Promise<string> {
  const result = await db.query<{ row: string }>(`SELECT to_jsonb(a)::text AS row FROM audit_events a WHERE id <= $1 ORDER BY id`, [lastId]);
  return createHash('sha256')
    .update(JSON.stringify(result.rows.map((row) => row.row)))
    .digest('hex');
}

async function auditState(db: Queryable): Promise<{ count: number; lastId: number }> {
  const result = await db.query<{ count: number; lastId: number }>(`SELECT count(*)::int AS count, COALESCE(max(id), 0)::int AS "lastId" FROM audit_events`);
  return result.rows[0] as { count: number; lastId: number };
}

export async function snapshot(db: Queryable): Promise<DbSnapshot> {
  const tables = await dataTables(db);
  expect(tables.length).toBeGreaterThan(2);
  const state = await auditState(db);
  return { tables: await rowCounts(db, tables), audit: { ...state, digest: await auditDigest(db, state.lastId) } };
}

export async function systemSnapshot(system: TestSystem): Promise<SystemSnapshot> {
  return { clinical: await snapshot(system.clinicalDb), demographic: await snapshot(system.demographicDb) };
}

/** What the audit trail may have done meanwhile: nothing, or grown by at least one event. */
export type AuditChange = 'unchanged' | 'grew';

/** No table changed; the audit trail kept every earlier event exactly and changed only as said. */
export async function expectDbUnchanged(db: Queryable, before: DbSnapshot, audit: AuditChange | 'unchanged-or-grew'): Promise<number> {
  expect(await dataTables(db)).toEqual(Object.keys(before.tables));
  expect(await rowCounts(db, Object.keys(before.tables))).toEqual(before.tables);
  const after = await auditState(db);
  expect(await auditDigest(db, before.audit.lastId)).toBe(before.audit.digest);
  expect(after.count - before.audit.count).toBe(after.lastId - before.audit.lastId); // appended only: no gaps
  if (audit === 'unchanged') expect(after.count).toBe(before.audit.count);
  else if (audit === 'grew') expect(after.count).toBeGreaterThan(before.audit.count);
  else expect(after.count).toBeGreaterThanOrEqual(before.audit.count);
  return after.count - before.audit.count;
}

/**
 * Nothing was stored in either service. `audit` says, per service, how its audit trail may have
 * changed; `'either'` (a gateway request whose subgraph is not known here) means that the two
 * trails together grew; `'any'` that they may have grown (reads).
 */
export async function expectNothingStored(
  system: TestSystem,
  before: SystemSnapshot,
  audit: { clinical: AuditChange; demographic: AuditChange } | 'either' | 'unchanged' | 'any',
): Promise<void> {
  if (typeof audit === 'string') {
    const mode = audit === 'unchanged' ? 'unchanged' : 'unchanged-or-grew';
    const grown =
      (await expectDbUnchanged(system.clinicalDb, before.clinical, mode)) + (await expectDbUnchanged(system.demographicDb, before.demographic, mode));
    if (audit === 'either') expect(grown).toBeGreaterThan(0);
    return;
  }
  await expectDbUnchanged(system.clinicalDb, before.clinical, audit.clinical);
  await expectDbUnchanged(system.demographicDb, before.demographic, audit.demographic);
}

// ---------------------------------------------------------------------------------------------
// Answers

export const codesOf = (response: GraphQLResponse): unknown[] => (response.errors ?? []).map((error) => error.extensions?.code);

/** Exactly one error, with this code (and path when given); the status every refusal gets. */
export function expectOneError(response: GraphQLResponse, code: string, path?: (string | number)[]): void {
  expect(response.status).toBe(REFUSED_STATUS);
  expect(codesOf(response)).toEqual([code]);
  if (path) expect(response.errors?.[0]?.path).toEqual(path);
}

/** The exact 401 every service gives for an unauthenticated request, before anything runs. */
export function expectUnauthenticated(response: GraphQLResponse, reason: string): void {
  expect({ status: response.status, data: response.data, errors: response.errors }).toEqual({
    status: 401,
    data: undefined,
    errors: [{ message: `Unauthenticated: ${reason}`, extensions: { code: 'UNAUTHENTICATED' } }],
  });
}

// ---------------------------------------------------------------------------------------------
// Data

export async function createEhr(client: GraphQLClient, headers: Headers, subjectId?: string): Promise<{ id: string; subjectId: string }> {
  const response = await client.request(`mutation($s: UUID) { createEhr(subjectId: $s) { id subjectId } }`, { s: subjectId ?? null }, headers);
  expect(response.errors).toBeUndefined();
  return response.data.createEhr;
}

export const COMMIT = `mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid objectId templateId } }`;
export const UPDATE = `mutation($p: String!, $c: JSON!) { updateComposition(precedingVersionUid: $p, composition: $c) { uid } }`;
export const DELETE = `mutation($p: String!) { deleteComposition(precedingVersionUid: $p) { uid } }`;

export async function commit(client: GraphQLClient, headers: Headers, ehrId: string, composition: unknown): Promise<{ uid: string; objectId: string }> {
  const response = await client.request(COMMIT, { e: ehrId, c: composition }, headers);
  expect(response.errors).toBeUndefined();
  return response.data.commitComposition;
}

export async function update(client: GraphQLClient, headers: Headers, uid: string, composition: unknown): Promise<string> {
  const response = await client.request(UPDATE, { p: uid, c: composition }, headers);
  expect(response.errors).toBeUndefined();
  return response.data.updateComposition.uid;
}

export interface PatientInput {
  name: { given?: string[]; family: string };
  birthDate?: string;
  sex?: string;
  identifiers?: { system: string; value: string }[];
}

export async function registerPatient(client: GraphQLClient, headers: Headers, input: PatientInput): Promise<string> {
  const response = await client.request(`mutation($i: PatientInput!) { registerPatient(input: $i) { id } }`, { i: input }, headers);
  expect(response.errors).toBeUndefined();
  return response.data.registerPatient.id;
}

export async function linkEhr(client: GraphQLClient, headers: Headers, patientId: string, ehrId: string): Promise<void> {
  const response = await client.request(`mutation($p: UUID!, $e: UUID!) { linkEhr(patientId: $p, ehrId: $e) { id } }`, { p: patientId, e: ehrId }, headers);
  expect(response.errors).toBeUndefined();
}

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from '../../../kit/databases.ts';
import type { Principal } from '../../../../platform/auth/principal.ts';
import { buildCallerAbility } from '../../../../subgraphs/kit/authz/ability.ts';
import type { LoadedPolicy, PolicyDocument, PolicyRule } from '../../../../subgraphs/kit/authz/document.ts';
import { validatePolicyDocument } from '../../../../subgraphs/kit/authz/policy-schema.ts';
import type { Action, SubjectType } from '../../../../subgraphs/kit/authz/types.ts';
import { SqlParams } from '../../../../subgraphs/kit/db/sql.ts';

/**
 * The SQL filter and the in-memory check must never disagree (CASL #1068, Medplum #7641): random
 * policies (can/cannot, field rules, empty conditions, variables, several roles), random SMART
 * scopes (malformed ones included), emergency accesses (break the glass) and random rows, compared
 * row by row on a real database.
 */
const EHR_1 = '00000000-0000-4000-8000-000000000001';
const EHR_2 = '00000000-0000-4000-8000-000000000002';
const DOMAIN = {
  ehrId: [EHR_1, EHR_2],
  ehrOrg: ['org-a', 'org-b', 'org-c'],
  org: ['org-a', 'org-b', 'org-c'],
  templateId: ['T.v0', 'MyHospital::T.v0', 'MyHospital::X.v1', 'aXb', 'a.b', 'line\nbreak::T.v0'],
  archetypeNodeId: ['A1', 'A2'],
  lifecycleState: ['COMPLETE', 'DELETED'],
  rmType: ['OBSERVATION', 'EVALUATION'],
  codes: ['L::1', 'L::2', 'L::3'],
} as const;
type Attribute = keyof typeof DOMAIN;
const ATTRS: Record<'Composition' | 'Entry' | 'Patient', Attribute[]> = {
  Composition: ['ehrId', 'ehrOrg', 'org', 'templateId', 'archetypeNodeId', 'lifecycleState'],
  Entry: ['ehrId', 'ehrOrg', 'templateId', 'rmType', 'archetypeNodeId', 'codes'],
  // A patient's managing organisation (patients.org in the demographic store).
  Patient: ['org'],
};
const COLUMNS = {
  Composition: {
    ehrId: 'c.ehr_id',
    ehrOrg: 'c.ehr_org',
    org: 'c.org',
    templateId: 'c.template_id',
    archetypeNodeId: 'c.archetype_node_id',
    lifecycleState: 'c.lifecycle_state',
  },
  Entry: { ehrId: 'c.ehr_id', ehrOrg: 'c.ehr_org', templateId: 'c.template_id', rmType: 'c.rm_type', archetypeNodeId: 'c.archetype_node_id', codes: 'c.codes' },
  Patient: { org: 'c.org' },
} as const;

const value = (attribute: Attribute) => fc.constantFrom<string>(...DOMAIN[attribute]);
const list = (attribute: Attribute) => fc.subarray<string>([...DOMAIN[attribute]]);
const listVariable = (attribute: Attribute) =>
  attribute === 'codes'
    ? fc.constant('${codeLists.restricted}')
    : attribute.endsWith('rg')
      ? fc.constant('${principal.network}')
      : fc.constant('${templateLists.nursing}');
const scalarVariable = (attribute: Attribute) =>
  attribute.endsWith('rg') ? fc.constant('${principal.org}') : attribute === 'ehrId' ? fc.constant('${principal.ehrId}') : value(attribute);

const operand = (attribute: Attribute) =>
  fc.oneof(
    value(attribute),
    scalarVariable(attribute),
    fc.record({ $eq: fc.oneof(value(attribute), scalarVariable(attribute)) }),
    fc.record({ $ne: fc.oneof(value(attribute), scalarVariable(attribute)) }),
    fc.record({ $in: fc.oneof(list(attribute), listVariable(attribute)) }),
    fc.record({ $nin: fc.oneof(list(attribute), listVariable(attribute)) }),
    fc.record({ $exists: fc.boolean() }),
    fc.record({ $in: list(attribute), $ne: value(attribute) }),
  );

const conditionsFor = (attributes: Attribute[]) =>
  fc
    .subarray(attributes, { maxLength: Math.min(3, attributes.length) })
    .chain((chosen) =>
      fc.tuple(...chosen.map((attribute) => operand(attribute))).map((operands) => Object.fromEntries(chosen.map((attribute, i) => [attribute, operands[i]]))),
    );

const ruleArb: fc.Arbitrary<PolicyRule> = fc
  .record({
    subject: fc.constantFrom<PolicyRule['subject']>('Composition', 'Entry', ['Composition', 'Entry'], 'Patient'),
    action: fc.oneof(fc.constant<Action[]>(['read']), fc.subarray<Action>(['read', 'create', 'update', 'manage'], { minLength: 1 })),
    inverted: fc.constantFrom(false, false, true),
    withFields: fc.constantFrom(false, false, true),
  })
  .chain(({ subject, action, inverted, withFields }) => {
    const shared = typeof subject === 'string' ? ATTRS[subject as keyof typeof ATTRS] : ATTRS.Entry.filter((a) => ATTRS.Composition.includes(a));
    return fc.option(conditionsFor(shared), { nil: undefined }).map((conditions) => ({
      action,
      subject,
      ...(conditions === undefined ? {} : { conditions }),
      ...(inverted ? { inverted } : {}),
      ...(withFields ? { fields: [subject === 'Patient' ? 'org' : 'templateId'] } : {}),
      reason: 'generated',
    }));
  });

const scopeArb = fc.oneof(
  fc.constantFrom('user/composition-*.cruds', 'patient/composition-*.rs', 'system/composition-MyHospital::*.r'),
  fc
    .record({
      compartment: fc.constantFrom('patient', 'user', 'system'),
      resource: fc.constantFrom('composition', 'composition', 'template', 'aql'),
      pattern: fc.constantFrom('*', '*', 'T.v0', 'MyHospital::*', '*::T.v0', 'a.b', 'line*'),
      permissions: fc.oneof(fc.constant(['r']), fc.subarray(['c', 'r', 'u', 'd', 's'], { minLength: 1 })),
    })
    .map((s) => `${s.compartment}/${s.resource}-${s.pattern}.${s.permissions.join('')}`),
  fc.constantFrom('user/composition-.r', 'patient/composition-T.v0.rc', 'garbage', 'user/composition-T.v0', 'openid', 'user/Observation.rs'),
);

const NETWORK_READ: PolicyRule = {
  action: 'read',
  subject: ['Composition', 'Entry'],
  conditions: { ehrOrg: { $in: '${principal.network}' } },
  reason: 'reads its network',
};

const GRANTS = [
  { id: '00000000-0000-4000-8000-0000000000a1', ehrId: EHR_1, ehrOrg: 'org-c', reason: 'generated', expiresAt: new Date(8_640_000_000_000) },
  { id: '00000000-0000-4000-8000-0000000000a2', ehrId: EHR_2, ehrOrg: 'org-b', reason: 'generated', expiresAt: new Date(8_640_000_000_000) },
];

const rowArb = fc.record(
  Object.fromEntries(
    (Object.keys(DOMAIN) as Attribute[]).map((a) => [
      a,
      a === 'codes' ? fc.option(fc.subarray<string>([...DOMAIN.codes]), { nil: null, freq: 3 }) : fc.option(value(a), { nil: null, freq: 4 }),
    ]),
  ) as Record<Attribute, fc.Arbitrary<string | string[] | null>>,
);

const caseArb = fc.record({
  roles: fc.record(
    {
      r1: fc.array(ruleArb, { minLength: 1, maxLength: 5 }),
      r2: fc.array(ruleArb, { maxLength: 4 }),
      // a clinician-like role: what a grant changes is its network, so it must read by network
      r3: fc.array(ruleArb, { maxLength: 2 }).map((more) => [NETWORK_READ, ...more]),
    },
    { requiredKeys: ['r1'] },
  ),
  callerRoles: fc
    .tuple(fc.subarray(['r2', 'unknown']), fc.constantFrom([], ['r3'], ['r3'], ['r3']))
    .map(([more, clinicianLike]) => ['r1', ...more, ...clinicianLike]),
  org: fc.constantFrom('org-a', 'org-a', 'org-c', null),
  ehrId: fc.constantFrom(EHR_1, EHR_1, null),
  scopes: fc.oneof(
    { arbitrary: fc.constant<string[] | null>(null), weight: 4 },
    { arbitrary: fc.array(scopeArb, { minLength: 1, maxLength: 4 }), weight: 4 },
    { arbitrary: fc.constant<string[]>([]), weight: 1 },
  ),
  rows: fc.array(rowArb, { minLength: 4, maxLength: 15 }),
  // break the glass: which roles may, and the caller's emergency accesses in force (composition pages admit them in SQL)
  breakGlassRoles: fc.constantFrom<string[]>([], ['r1'], ['r3'], ['r3'], ['r1', 'r2', 'r3']),
  grants: fc.subarray(GRANTS),
});

const SUBJECTS = ['Composition', 'Entry', 'Patient'] as const;
const CHECKED: Action[] = ['read', 'create', 'update', 'delete', 'manage'];
/** One table holds the attributes of both subjects; each subject's column map points into it. */
const TABLE_COLUMNS = 'id int, ehr_id uuid, ehr_org text, org text, template_id text, archetype_node_id text, lifecycle_state text, rm_type text, codes text[]';

let database: TestDatabase;
let policyCounter = 0;

beforeAll(async () => {
  database = await createTestDatabase('authz_sql');
  await database.db.exec(`CREATE TABLE t (${TABLE_COLUMNS.replace('id int', 'id int PRIMARY KEY')})`);
});
afterAll(async () => database?.drop());

describe(`SQL filter ≡ in-memory check (${usingRealPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('agrees on random policies, scopes and rows', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const started = Date.now();
    const counts = { runs: 0, checks: 0, rows: 0, mixed: 0, none: 0, all: 0 };
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        counts.runs += 1;
        const document: PolicyDocument = {
          version: 1,
          organisations: { networks: { north: ['org-a', 'org-b'] }, researchAllowed: ['org-a'] },
          codeLists: { restricted: ['L::2'] },
          templateLists: { nursing: ['T.v0', 'a.b'] },
          research: {},
          emergencyAccess: { roles: c.breakGlassRoles },
          roles: c.roles,
        };
        validatePolicyDocument(document, 'generated'); // the generator only makes valid policies
        const policy: LoadedPolicy = { version: `generated-${(policyCounter += 1)}`, document, files: [], loadedAt: new Date() };
        const principal: Principal = {
          sub: 'u',
          org: c.org,
          roles: c.callerRoles,
          scopes: c.scopes,
          jti: null,
          ehrId: c.ehrId,
          purpose: null,
          issuer: 'test',
          expiresAt: null,
        };
        const ability = buildCallerAbility(policy, principal, c.grants);
        const options = { emergency: c.grants.length > 0 };
        const objects = c.rows.map((row, id) => ({ id, ...row }));

        // Every (subject, action) filter in one SELECT; parameters numbered on from $2 ($1 is the query's own).
        const params = new SqlParams([0]);
        const checks = SUBJECTS.flatMap((subject) =>
          CHECKED.map((action) => {
            const before = params.values.length;
            const sql = ability.sqlFilter(action, subject, COLUMNS[subject], params, options);
            const filter = { sql, params: params.values.slice(before) };
            const expected = objects.filter((o) => ability.can(action, subject as SubjectType, o as never)).map((o) => o.id);
            // The ability remembers decisions by the attributes its rules read: a fresh ability (nothing remembered) must agree, fields included.
            for (const field of [undefined, subject === 'Patient' ? 'org' : 'templateId']) {
              const remembered = objects.map((o) => ability.decide(action, subject as SubjectType, o as never, field));
              const fresh = objects.map((o) => buildCallerAbility(policy, principal, c.grants).decide(action, subject as SubjectType, o as never, field));
              expect(remembered).toEqual(fresh);
            }
            return { subject, action, filter, expected };
          }),
        );
        const select = `SELECT c.id, ${checks.map((check, i) => `${check.filter.sql} AS f${i}`).join(', ')} FROM t c WHERE c.id >= $1 ORDER BY c.id`;
        const rows = await database.db.transaction(async (tx) => {
          await tx.query('DELETE FROM t');
          await tx.query(`INSERT INTO t SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${TABLE_COLUMNS})`, [JSON.stringify(objects.map(toRow))]);
          return (await tx.query(select, params.values)).rows;
        });
        checks.forEach((check, i) => {
          const actual = rows.filter((row) => row[`f${i}`] === true).map((row) => row.id);
          counts.checks += 1;
          counts.rows += objects.length;
          if (check.expected.length === 0) counts.none += 1;
          else if (check.expected.length === objects.length) counts.all += 1;
          else counts.mixed += 1;
          expect(actual, `${check.action} ${check.subject}\nSQL: ${check.filter.sql}\nparams: ${JSON.stringify(check.filter.params)}`).toEqual(check.expected);
        });
      }),
      // A fixed number of runs, not a time budget: on a loaded machine a budget ran too few to mean much.
      { numRuns: 300 },
    );
    warn.mockRestore();
    console.log(`sql-agreement: ${JSON.stringify(counts)} in ${Date.now() - started} ms`);
    expect(counts.runs).toBe(300);
    // The generator must keep producing discriminating cases (some rows allowed, others not): ~10% of checks.
    expect(counts.mixed).toBeGreaterThan(counts.checks / 20);
  }, 180_000);
});

const toRow = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`), v]));

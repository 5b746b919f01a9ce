import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config/load-config.ts';
import { configProblems } from '../kit/config-errors.ts';
import { limitsConfigSchema } from '../../platform/limits/config.ts';
import type { GraphQLClient, GraphQLResponse } from '../kit/graphql-client.ts';
import { rowCounts } from '../kit/row-counts.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

/** Tight limits, the same for the gateway and both subgraphs (direct callers). */
const LIMITS = {
  GRAPHQL_MAX_DEPTH: '6',
  GRAPHQL_MAX_ALIASES: '3',
  GRAPHQL_MAX_DIRECTIVES: '4',
  GRAPHQL_MAX_FIELD_REPEATS: '3',
  GRAPHQL_MAX_TOKENS: '400',
  GRAPHQL_MAX_COST: '500',
  GRAPHQL_MAX_PAGE_SIZE: '50',
  GRAPHQL_MAX_FETCH: '500',
  GRAPHQL_MAX_BATCH: '2',
  HTTP_MAX_BODY_BYTES: '4096',
};
const PRODUCTION = { GRAPHQL_INTROSPECTION: 'false', GRAPHQL_FIELD_SUGGESTIONS: 'false' };

type Target = 'gateway' | 'clinical' | 'demographic';
const TARGETS: Target[] = ['gateway', 'clinical', 'demographic'];

/** A list field each target serves, and a chain that nests one level per field (depth 6, then 7). */
const LIST: Record<Target, string> = { gateway: 'patients { __typename }', clinical: 'templates { __typename }', demographic: 'patients { __typename }' };
const CHAIN: Record<Target, { root: string; type: string; depth6: string; depth7: string }> = {
  clinical: {
    root: 'ehr(id: $id)',
    type: 'Ehr',
    depth6: 'compositions { edges { node { ehr { id } } } }',
    depth7: 'compositions { edges { node { ehr { compositions { __typename } } } } }',
  },
  demographic: {
    root: 'patient(id: $id)',
    type: 'Patient',
    depth6: 'ehr { patient { ehr { patient { id } } } }',
    depth7: 'ehr { patient { ehr { patient { ehr { id } } } } }',
  },
  gateway: {
    root: 'patient(id: $id)',
    type: 'Patient',
    depth6: 'ehr { compositions { edges { node { uid } } } }',
    depth7: 'ehr { compositions { edges { node { ehr { id } } } } }',
  },
};

let system: TestSystem;
let production: TestSystem;
beforeAll(async () => {
  system = await startSystem({ gatewayEnv: LIMITS, subgraphEnv: LIMITS });
  production = await startSystem({ gatewayEnv: PRODUCTION, subgraphEnv: PRODUCTION });
});
afterAll(async () => {
  await system?.stop();
  await production?.stop();
});

const id = randomUUID();

function expectRefused(response: GraphQLResponse, limit: string, max: number): void {
  expect(response.status).toBe(400);
  expect(response.data ?? null).toBeNull();
  expect(response.errors).toHaveLength(1);
  expect(response.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit, max });
}

function expectOk(response: GraphQLResponse): void {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
}

describe.each(TARGETS)('%s: operation limits', (target) => {
  const client = (): GraphQLClient => system[target];
  const { root, type, depth6, depth7 } = CHAIN[target];

  it('depth: at the limit runs, one level more is QUERY_TOO_COMPLEX naming the limit', async () => {
    expectOk(await client().request(`query($id: UUID!) { ${root} { ${depth6} } }`, { id }));
    const response = await client().request(`query($id: UUID!) { ${root} { ${depth7} } }`, { id });
    expectRefused(response, 'maxDepth', 6);
    expect(response.errors?.[0]?.message).toBe('Query depth limit of 6 exceeded, found 7.');
  });

  it.each([
    ['a named fragment', (deep: string) => `query($id: UUID!) { ${root} { ...Deep } } fragment Deep on ${type} { ${deep} }`],
    ['a fragment named __schema', (deep: string) => `query($id: UUID!) { ${root} { ...__schema } } fragment __schema on ${type} { ${deep} }`],
    ['inline fragments', (deep: string) => `query($id: UUID!) { ${root} { ... on ${type} { ... { ${deep} } } } }`],
    ['an alias named __schema', (deep: string) => `query($id: UUID!) { __schema: ${root} { ${deep} } }`],
  ])('depth counts through %s', async (_, document) => {
    expectOk(await client().request(document(depth6), { id }));
    expectRefused(await client().request(document(depth7), { id }), 'maxDepth', 6);
  });

  it('aliases: three run, four are refused, also when fragments bring them', async () => {
    const aliased = (names: string[]) => names.map((name) => `${name}: ${LIST[target]}`).join(' ');
    expectOk(await client().request(`{ ${aliased(['a', 'b', 'c'])} }`));
    expectRefused(await client().request(`{ ${aliased(['a', 'b', 'c', 'd'])} }`), 'maxAliases', 3);
    const split = `{ ...A ...__schema } fragment A on Query { ${aliased(['a', 'b'])} } fragment __schema on Query { ${aliased(['c', 'd'])} }`;
    expectRefused(await client().request(split), 'maxAliases', 3);
  });

  it('directives: counted over the operation, fragment spreads included', async () => {
    expectOk(await client().request(`{ ...F @include(if: true) } fragment F on Query { __typename @include(if: true) @skip(if: false) }`));
    const twice = `{ ...F @include(if: true) ...F @skip(if: false) } fragment F on Query { __typename @include(if: true) @skip(if: false) }`;
    expectRefused(await client().request(twice), 'maxDirectives', 4);
  });

  it.each([
    ['side by side', '{ __typename __typename __typename __typename }'],
    ['through fragments', '{ ...A ...B } fragment A on Query { __typename __typename } fragment B on Query { __typename __typename }'],
    ['through inline fragments', '{ ... on Query { __typename __typename } ... { __typename __typename } }'],
  ])('field repeats: a fourth copy of one field is refused (%s)', async (_, document) => {
    expectOk(await client().request('{ __typename __typename __typename }'));
    const response = await client().request(document);
    expectRefused(response, 'maxFieldRepeats', 3);
    expect(response.errors?.[0]?.message).toBe('Field "__typename" is selected 4 times in one selection set; the limit is 3.');
  });

  it('tokens: a document over the token limit is refused while parsing', async () => {
    const response = await client().request(`{ ${'a '.repeat(400)} }`);
    expectRefused(response, 'maxTokens', 400);
    expect(response.errors?.[0]?.message).toBe('Token limit of 400 exceeded.');
  });

  it('the body size is limited: 413 BAD_REQUEST', async () => {
    const response = await client().request('query($pad: String) { __typename }', { pad: 'x'.repeat(5000) });
    expect(response.status).toBe(413);
    expect(response.errors).toEqual([{ message: 'Request body exceeds the limit of 4096 bytes', extensions: { code: 'BAD_REQUEST' } }]);
  });

  it('batches: two operations run, three are refused with BAD_REQUEST', async () => {
    const batch = async (count: number) => {
      const response = await fetch(client().url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await system.token()}` },
        body: JSON.stringify(Array.from({ length: count }, () => ({ query: '{ __typename }' }))),
      });
      return { status: response.status, body: await response.json() };
    };
    expect(await batch(2)).toEqual({ status: 200, body: [{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }] });
    expect(await batch(3)).toEqual({
      status: 400,
      body: { errors: [{ message: 'A batch may hold at most 2 operations, found 3', extensions: { code: 'BAD_REQUEST' } }] },
    });
  });
});

describe('cost: list sizes multiply, whether given literally, by a variable or by default', () => {
  const PATIENTS = (size: string) =>
    `query${size.includes('$n') ? '($n: Int)' : ''} { patients${size ? `(${size})` : ''} { edges { node { id name { given family } } } } }`;

  it.each(['gateway', 'demographic'] as const)('%s', async (target) => {
    const client = system[target];
    expectOk(await client.request(PATIENTS('first: 50').replace(' name { given family }', '')));
    expectOk(await client.request(PATIENTS('')));
    expectRefused(await client.request(PATIENTS('first: 50')), 'costLimit', 500);
    expectRefused(await client.request(PATIENTS('first: $n'), { n: 50 }), 'costLimit', 500);
    expectRefused(await client.request(PATIENTS('first: $n').replace('$n: Int', '$n: Int = 50')), 'costLimit', 500);
    const viaFragment = `{ ...P } fragment P on Query { patients(first: 50) { ...__schema } } fragment __schema on PatientConnection { edges { node { id name { given family } } } }`;
    expectRefused(await client.request(viaFragment), 'costLimit', 500);
  });

  it.each(['gateway', 'demographic'] as const)('%s: a document admitted once with a small size is refused again with a larger one', async (target) => {
    const client = system[target];
    const sized = PATIENTS('first: $n');
    expectOk(await client.request(sized, { n: 2 }));
    expectOk(await client.request(sized, { n: 2 })); // the admission remembered for this document and size
    expectRefused(await client.request(sized, { n: 50 }), 'costLimit', 500);
    expectRefused(await client.request(sized.replace('$n: Int', '$n: Int = 50'), {}), 'costLimit', 500);
    expectOk(await client.request(sized, { n: 2 }));
  });

  it('clinical', async () => {
    const compositions = (fields: string) => `query($id: UUID!) { ehr(id: $id) { compositions(first: 50) { edges { node { ${fields} } } } } }`;
    expectOk(await system.clinical.request(compositions('uid name startTime'), { id }));
    expectRefused(await system.clinical.request(compositions('uid name startTime templateId language'), { id }), 'costLimit', 500);
  });
});

describe.each(TARGETS)('%s: size arguments are capped', (target) => {
  const expectCapped = (response: GraphQLResponse, argument: string, max: number, found: number) => {
    expect(response.status).toBe(400);
    expect(response.errors).toEqual([
      {
        message: `${argument} must be between ${argument === 'fetch' ? 0 : 1} and ${max}, found ${found}`,
        extensions: { code: 'BAD_USER_INPUT', argument, max },
      },
    ]);
  };

  it('first over GRAPHQL_MAX_PAGE_SIZE, literally or through a variable, is BAD_USER_INPUT naming the cap', async () => {
    const query = (size: string) => {
      const n = size === '$n' ? '$n: Int' : '';
      return target === 'clinical'
        ? `query($id: UUID! ${n}) { ehr(id: $id) { compositions(first: ${size}) { edges { cursor } } } }`
        : `query${n ? `(${n})` : ''} { patients(first: ${size}) { edges { cursor } } }`;
    };
    expectCapped(await system[target].request(query('51'), { id }), 'first', 50, 51);
    expectCapped(await system[target].request(query('$n'), { id, n: 500 }), 'first', 50, 500);
    expectOk(await system[target].request(query('$n'), { id, n: 50 }));
  });

  if (target !== 'demographic')
    it('fetch over GRAPHQL_MAX_FETCH is BAD_USER_INPUT naming the cap', async () => {
      const aql = 'query($f: Int) { aql(query: "SELECT e/ehr_id/value FROM EHR e", fetch: $f) { rows } }';
      expectCapped(await system[target].request(aql, { f: 501 }), 'fetch', 500, 501);
      const atCap = await system[target].request(aql, { f: 500 });
      expect(atCap.status).toBe(200);
      expect((atCap.errors ?? []).map((error) => error.extensions?.argument)).not.toContain('fetch');
    });
});

describe.each(TARGETS)('%s: HTTP request rules', (target) => {
  const url = () => system[target].url;
  const auth = async () => ({ authorization: `Bearer ${await system.token()}` });

  it("CSRF prevention: a GET or a form-like POST without a preflight header is refused; Apollo's headers let it through", async () => {
    const get = await fetch(`${url()}?query=${encodeURIComponent('{ __typename }')}`, { headers: await auth() });
    expect(get.status).toBe(400);
    const refusal = (await get.json()) as GraphQLResponse;
    expect(refusal.errors?.[0]?.message).toContain('Cross-Site Request Forgery');
    expect(refusal.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const post = await fetch(url(), { method: 'POST', headers: { ...(await auth()), 'content-type': type }, body: '{"query":"{ __typename }"}' });
      expect(post.status, type).toBe(400);
    }
    const preflighted = await fetch(`${url()}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { ...(await auth()), 'apollo-require-preflight': 'true' },
    });
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('GET never runs a mutation: 405 and nothing stored', async () => {
    const mutation = target === 'demographic' ? 'mutation { registerPatient(input: { name: { family: "Get" } }) { id } }' : 'mutation { createEhr { id } }';
    const before = { clinical: await rowCounts(system.clinicalDb, ['ehrs']), demographic: await rowCounts(system.demographicDb, ['patients']) };
    const response = await fetch(`${url()}?query=${encodeURIComponent(mutation)}`, { headers: { ...(await auth()), 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(405);
    expect(((await response.json()) as GraphQLResponse).errors?.[0]?.message).toBe('GET requests only support query operations, not mutation operations');
    expect(await rowCounts(system.clinicalDb, ['ehrs'])).toEqual(before.clinical);
    expect(await rowCounts(system.demographicDb, ['patients'])).toEqual(before.demographic);
  });
});

describe.each(TARGETS)('%s: production settings (introspection and suggestions off)', (target) => {
  const client = () => production[target];

  it.each([
    ['__schema', '{ __schema { queryType { name } } }'],
    ['__type', '{ __type(name: "Query") { name } }'],
    ['__schema in a fragment', '{ ...F } fragment F on Query { __schema { types { name } } }'],
  ])('introspection through %s is refused', async (_, document) => {
    const response = await client().request(document);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/introspection is not allowed/);
  });

  it('…while development (the default outside production) answers it', async () => {
    expectOk(await system[target].request('{ __schema { queryType { name } } }'));
    expectOk(await client().request('{ __typename }'));
  });

  if (target !== 'gateway')
    it('the subgraph does not hand out its SDL through _service', async () => {
      const response = await client().request('{ _service { sdl } }');
      expect(response.status).toBe(400);
      expect(response.errors?.[0]?.message).toBe('Introspection is disabled: the schema (_service) is not served.');
      expectOk(await system[target].request('{ _service { sdl } }'));
    });

  it('no "Did you mean" suggestions, where development gives them', async () => {
    const typo = target === 'clinical' ? '{ templatez { id } }' : '{ patientz { id } }';
    expect((await system[target].request(typo)).errors?.[0]?.message).toContain('Did you mean');
    const response = await client().request(typo);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.message).not.toMatch(/did you mean/i);
    expect(JSON.stringify(response)).not.toMatch(target === 'clinical' ? /"templates"/ : /"patients?"/);
  });

  if (target !== 'clinical')
    it('no suggestion for a misspelt enum value in variables either', async () => {
      const register = 'mutation($input: PatientInput!) { registerPatient(input: $input) { id } }';
      const response = await client().request(register, { input: { name: { family: 'Typo' }, sex: 'FEMAL' } });
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message).toContain('"FEMAL"');
      expect(response.errors?.[0]?.message).not.toMatch(/did you mean|FEMALE/i);
    });

  it('errors carry no stack trace or exception, whatever goes wrong', async () => {
    const bad = [
      await client().request('{ __typename'),
      await client().request('query($id: UUID!) { __typename }', { id: 'not-a-uuid' }),
      await client().request(target === 'clinical' ? '{ composition(uid: "::") { uid } }' : '{ patient(id: "nope") { id } }'),
      await client().request(`{ ${LIST[target]} }`, {}, { authorization: 'Bearer garbage' }),
    ];
    for (const response of bad) {
      expect(response.errors?.length).toBeGreaterThan(0);
      const text = JSON.stringify(response);
      expect(text).not.toMatch(/stacktrace|exception|\.ts:\d+|node_modules/);
    }
  });
});

describe('configuration', () => {
  const withNodeEnv = <T>(value: string, run: () => T): T => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = value;
    try {
      return run();
    } finally {
      process.env.NODE_ENV = saved;
    }
  };

  it('defaults: introspection and suggestions on in development, off in production; batches refused', () => {
    const development = loadConfig(limitsConfigSchema, {});
    expect(development).toMatchObject({
      GRAPHQL_MAX_DEPTH: 15,
      GRAPHQL_MAX_ALIASES: 60,
      GRAPHQL_MAX_DIRECTIVES: 20,
      GRAPHQL_MAX_FIELD_REPEATS: 10,
      GRAPHQL_MAX_TOKENS: 5000,
      GRAPHQL_MAX_COST: 500_000,
      GRAPHQL_MAX_PAGE_SIZE: 100,
      GRAPHQL_MAX_FETCH: 10_000,
      GRAPHQL_MAX_BATCH: 0,
      GRAPHQL_INTROSPECTION: true,
      GRAPHQL_FIELD_SUGGESTIONS: true,
      HTTP_MAX_BODY_BYTES: 10 * 1024 * 1024,
    });
    expect(withNodeEnv('production', () => loadConfig(limitsConfigSchema, {}))).toMatchObject({
      GRAPHQL_INTROSPECTION: false,
      GRAPHQL_FIELD_SUGGESTIONS: false,
    });
    expect(withNodeEnv('production', () => loadConfig(limitsConfigSchema, { GRAPHQL_INTROSPECTION: 'true' }))).toMatchObject({ GRAPHQL_INTROSPECTION: true });
  });

  it('one line per wrong limit', () => {
    expect(
      configProblems(() =>
        loadConfig(limitsConfigSchema, { GRAPHQL_MAX_DEPTH: '0', GRAPHQL_MAX_PAGE_SIZE: '500', GRAPHQL_MAX_COST: 'lots', GRAPHQL_INTROSPECTION: 'yes' }),
      ),
    ).toEqual([
      'GRAPHQL_MAX_DEPTH: must be a whole number >= 1',
      'GRAPHQL_MAX_COST: must be a whole number >= 1',
      'GRAPHQL_MAX_PAGE_SIZE: must be a whole number 1..100',
      'GRAPHQL_INTROSPECTION: must be true or false',
    ]);
  });
});

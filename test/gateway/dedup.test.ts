import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayService } from '../../gateway/service.ts';
import type { GatewayTuning } from '../../gateway/tuning.ts';
import { graphqlClient } from '../kit/graphql-client.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { countingProxy, extraGateway } from './support.ts';

const EHR = `query($id: UUID!) { ehr(id: $id) { id subjectNamespace } }`;

let system: TestSystem;
let proxy: Awaited<ReturnType<typeof countingProxy>>;
const gateways: Partial<Record<GatewayTuning, GatewayService>> = {};
let tokens: [string, string];
let ehrId: string;

/** `n` identical requests sent together to the `tuning` gateway with `token`. */
function together(tuning: GatewayTuning, n: number, token: string, query = EHR, variables: Record<string, unknown> = { id: ehrId }) {
  const client = graphqlClient((gateways[tuning] as GatewayService).url);
  return Promise.all(Array.from({ length: n }, () => client.request(query, variables, { authorization: `Bearer ${token}` })));
}

beforeAll(async () => {
  system = await startSystem();
  proxy = await countingProxy(system.clinical.url);
  for (const tuning of ['stock', 'tuned'] as const) gateways[tuning] = await extraGateway(system, { CLINICAL_URL: proxy.url }, { tuning });
  tokens = [await system.token({ sub: 'first' }), await system.token({ sub: 'second' })];
  ehrId = (await system.clinical.request(`mutation { createEhr { id } }`)).data.createEhr.id;
});
beforeEach(() => proxy.reset());
afterAll(async () => {
  for (const gateway of Object.values(gateways)) await gateway.stop();
  await proxy?.close();
  await system?.stop();
});

describe('in-flight deduplication of subgraph requests (tuned gateway)', () => {
  it('sends identical queries of one caller in flight together once, and gives each its own answer', async () => {
    const answers = await together('tuned', 8, tokens[0]);
    expect(proxy.total()).toBe(1);
    for (const answer of answers) expect(answer).toMatchObject({ status: 200, data: { ehr: { id: ehrId, subjectNamespace: 'default' } } });
  });

  it('never shares across callers: two tokens, two subgraph requests', async () => {
    await Promise.all([together('tuned', 5, tokens[0]), together('tuned', 5, tokens[1])]);
    expect(proxy.total()).toBe(2);
  });

  it('never shares mutations', async () => {
    const answers = await together('tuned', 4, tokens[0], `mutation { createEhr { id } }`, {});
    expect(proxy.total()).toBe(4);
    expect(new Set(answers.map((answer) => answer.data.createEhr.id)).size).toBe(4);
  });

  it('sends requests with different variables separately', async () => {
    await Promise.all([together('tuned', 3, tokens[0]), together('tuned', 3, tokens[0], EHR, { id: crypto.randomUUID() })]);
    expect(proxy.total()).toBe(2);
  });

  it('the stock gateway sends every one of them (the baseline)', async () => {
    await together('stock', 8, tokens[0]);
    expect(proxy.total()).toBe(8);
  });
});

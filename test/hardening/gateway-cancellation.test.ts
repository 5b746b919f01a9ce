import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayService } from '../../gateway/service.ts';
import { usingRealPostgres } from '../kit/databases.ts';
import { graphqlClient } from '../kit/graphql-client.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { countingProxy, extraGateway } from '../gateway/support.ts';
import { abandonableAql, HEAVY, LET_THROUGH, poll, runningResearch, withCompositions } from './research-load.ts';

const STORE = usingRealPostgres ? 'PostgreSQL' : 'PGlite';
const GATEWAY_DEADLINE_MS = 1500;
/** Far above the gateway's deadline and the one-second bound: a statement gone within that bound was cancelled, not timed out. */
const AQL_DEADLINE_MS = 6000;

/** A subgraph that never answers, and records whether its caller closed the request before an answer was written. */
async function silentSubgraph() {
  const waiting: ServerResponse[] = [];
  let closedUnanswered = 0;
  const server = createServer((request, response) => {
    request.resume();
    waiting.push(response);
    response.once('close', () => (closedUnanswered += response.writableFinished ? 0 : 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    closedUnanswered: () => closedUnanswered,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

let system: TestSystem;
beforeAll(async () => {
  system = await startSystem({ clinicalEnv: { ...LET_THROUGH, AQL_TIMEOUT_MS: String(AQL_DEADLINE_MS), RESEARCH_QUEUE_TIMEOUT_MS: '60000' } });
}, 90_000);
afterAll(async () => {
  await system?.stop();
});

describe(`the gateway's deadline (${STORE})`, () => {
  it('a subgraph that does not answer in GATEWAY_SUBGRAPH_TIMEOUT_MS: QUERY_TIMEOUT naming the limit, and the subgraph request is closed', async () => {
    const silent = await silentSubgraph();
    const gateway = await extraGateway(system, { DEMOGRAPHIC_URL: silent.url, GATEWAY_SUBGRAPH_TIMEOUT_MS: String(GATEWAY_DEADLINE_MS) });
    try {
      const answer = await graphqlClient(gateway.url).request(
        `{ patients(first: 1) { edges { node { id } } } }`,
        {},
        { authorization: `Bearer ${await system.token()}` },
      );
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors?.[0]?.extensions).toMatchObject({
        code: 'QUERY_TIMEOUT',
        limit: 'GATEWAY_SUBGRAPH_TIMEOUT_MS',
        max: GATEWAY_DEADLINE_MS,
        serviceName: 'demographic',
      });
      expect(answer.errors?.[0]?.message).toMatch(/did not answer within 1500 ms \(GATEWAY_SUBGRAPH_TIMEOUT_MS\)/);
      expect(await poll(async () => silent.closedUnanswered() === 1, 1000)).toBe(true);
      // the other subgraph still answers through the same gateway
      expect(
        (await graphqlClient(gateway.url).request(`mutation { createEhr { id } }`, {}, { authorization: `Bearer ${await system.token()}` })).errors,
      ).toBeUndefined();
    } finally {
      await gateway.stop();
      await silent.close();
    }
  });
});

describe.skipIf(!usingRealPostgres)('[postgres] no statement outlives the gateway request that asked for it by more than a second', () => {
  let deadlineGateway: GatewayService;
  beforeAll(async () => {
    await withCompositions(system, 10);
    deadlineGateway = await extraGateway(system, { GATEWAY_SUBGRAPH_TIMEOUT_MS: String(GATEWAY_DEADLINE_MS) });
  }, 120_000);
  afterAll(async () => {
    await deadlineGateway?.stop();
  });

  it("the gateway's client disconnects: the subgraph's statement is cancelled within a second (pg_stat_activity)", async () => {
    const request = abandonableAql(system.gateway.url, await system.token(), HEAVY);
    expect(await poll(async () => (await runningResearch(system)) === 1, 10_000)).toBe(true);
    request.leave();
    expect(await request.answer).toBe('aborted');
    expect(await poll(async () => (await runningResearch(system)) === 0, 1000)).toBe(true);
  });

  it("the gateway's deadline fires: QUERY_TIMEOUT, and the statement is cancelled within a second", async () => {
    const answer = await abandonableAql(deadlineGateway.url, await system.token(), HEAVY).answer;
    expect(answer).not.toBe('aborted');
    expect(answer !== 'aborted' && answer.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TIMEOUT',
      limit: 'GATEWAY_SUBGRAPH_TIMEOUT_MS',
      max: GATEWAY_DEADLINE_MS,
    });
    expect(await poll(async () => (await runningResearch(system)) === 0, 1000)).toBe(true);
  });

  it('one caller leaving a fetch it shares (in-flight deduplication) does not cancel it for the other; the last one leaving does', async () => {
    const proxy = await countingProxy(system.clinical.url, 0);
    const gateway = await extraGateway(system, { CLINICAL_URL: proxy.url });
    try {
      const token = await system.token({ sub: 'sharing-researcher' });
      const [leaving, staying] = [abandonableAql(gateway.url, token, HEAVY), abandonableAql(gateway.url, token, HEAVY)];
      expect(await poll(async () => (await runningResearch(system)) === 1, 10_000)).toBe(true);
      leaving.leave();
      expect(await leaving.answer).toBe('aborted');
      // the statement ran on to its own deadline for the caller still waiting: it was not cancelled
      const answer = await staying.answer;
      expect(answer !== 'aborted' && answer.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TIMEOUT', limit: 'AQL_TIMEOUT_MS' });
      expect(proxy.total()).toBe(1);
    } finally {
      await gateway.stop();
      await proxy.close();
    }
  }, 30_000);
});

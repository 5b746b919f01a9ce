import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayService } from '../../gateway/service.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { REDIS_URL } from '../cache/support.ts';
import { dropRedisKeys } from '../kit/redis-keys.ts';
import { apq, extraGateway } from './support.ts';

const EHR = `query Ehr($id: UUID!) { ehr(id: $id) { id } }`;

let system: TestSystem;
let token: string;
let ehrId: string;
const gateways: GatewayService[] = [];

async function gateway(env: Record<string, string> = {}) {
  const started = await extraGateway(system, env);
  gateways.push(started);
  return started.url;
}

beforeAll(async () => {
  system = await startSystem();
  token = await system.token();
  ehrId = (await system.clinical.request(`mutation { createEhr { id } }`)).data.createEhr.id;
});
afterEach(async () => {
  for (const started of gateways.splice(0)) await started.stop();
});
afterAll(async () => {
  await dropRedisKeys(REDIS_URL, [system.keyPrefix]);
  await system?.stop();
});

describe('automatic persisted queries at the gateway', () => {
  it('registers a query with its hash, then runs it by hash alone', async () => {
    const url = await gateway();
    const unknown = await apq(url, EHR, { register: false, token, variables: { id: ehrId } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await apq(url, EHR, { register: true, token, variables: { id: ehrId } })).data).toEqual({ ehr: { id: ehrId } });
    const byHash = await apq(url, EHR, { register: false, token, variables: { id: ehrId } });
    expect(byHash.errors).toBeUndefined();
    expect(byHash.data).toEqual({ ehr: { id: ehrId } });
  });

  it('still refuses an unauthenticated request by hash with 401', async () => {
    const url = await gateway();
    await apq(url, EHR, { register: true, token, variables: { id: ehrId } });
    const anonymous = await apq(url, EHR, { register: false, variables: { id: ehrId } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data).toBeUndefined();
  });

  it('forgets a registered query after APQ_TTL_SECONDS', async () => {
    const url = await gateway({ APQ_TTL_SECONDS: '1', ...(REDIS_URL ? { REDIS_URL } : {}) });
    await apq(url, EHR, { register: true, token, variables: { id: ehrId } });
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const expired = await apq(url, EHR, { register: false, token, variables: { id: ehrId } });
    expect(expired.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('without Redis each gateway keeps its own registrations', async () => {
    const [a, b] = [await gateway(), await gateway()];
    await apq(a, EHR, { register: true, token, variables: { id: ehrId } });
    const onB = await apq(b, EHR, { register: false, token, variables: { id: ehrId } });
    expect(onB.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it.skipIf(!REDIS_URL)('[redis] a query registered through gateway A runs by hash through gateway B', async () => {
    const env = { REDIS_URL: REDIS_URL as string };
    const [a, b] = [await gateway(env), await gateway(env)];
    expect((await apq(a, EHR, { register: true, token, variables: { id: ehrId } })).data).toEqual({ ehr: { id: ehrId } });
    const onB = await apq(b, EHR, { register: false, token, variables: { id: ehrId } });
    expect(onB.errors).toBeUndefined();
    expect(onB.data).toEqual({ ehr: { id: ehrId } });
    expect((await apq(b, EHR, { register: false, variables: { id: ehrId } })).status).toBe(401);
  });

  it('with Redis at a dead port, queries still run (registration is simply not kept)', async () => {
    const url = await gateway({ REDIS_URL: 'redis://127.0.0.1:1' });
    expect((await apq(url, EHR, { register: true, token, variables: { id: ehrId } })).data).toEqual({ ehr: { id: ehrId } });
    expect((await system.gateway.request(EHR, { id: ehrId })).data).toEqual({ ehr: { id: ehrId } });
    const byHash = await apq(url, EHR, { register: false, token, variables: { id: ehrId } });
    expect(byHash.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../kit/databases.ts';
import { testIssuer } from '../kit/tokens.ts';
import { eventually } from '../kit/eventually.ts';
import { dropRedisKeys } from '../kit/redis-keys.ts';
import { startTcpProxy, type TcpProxy } from '../kit/tcp-proxy.ts';
import { COMMIT, DELETE, DOCUMENT, randomPrefix, READ, REDIS_URL, startClinicalInstance, UPDATE, versionStatements, type ClinicalInstance } from './support.ts';

const VERSION = 'clinical.composition-version';
const PAGE = `query($ehrId: UUID!) { ehr(id: $ehrId) { compositions(first: 50) { edges { node { uid entries { path } } } } } }`;
const LATEST = 'clinical.composition-latest';

let store: TestDatabase;
let issuer: Awaited<ReturnType<typeof testIssuer>>;
let token: string;
let ehrId: string;
const prefixes: string[] = [];
const started: ClinicalInstance[] = [];
const proxies: TcpProxy[] = [];

async function instance(env: Record<string, string> = {}, keyPrefix = randomPrefix()): Promise<ClinicalInstance> {
  prefixes.push(keyPrefix);
  const clinical = await startClinicalInstance({ db: store.db, keyPrefix, token, authEnv: issuer.authEnv, env });
  started.push(clinical);
  return clinical;
}

async function commitComposition(clinical: ClinicalInstance): Promise<{ uid: string; objectId: string }> {
  const { data, errors } = await clinical.client.request(COMMIT, { ehrId, c: DOCUMENT });
  expect(errors).toBeUndefined();
  return data.commitComposition;
}

const read = async (clinical: ClinicalInstance, uid: string, headers?: Record<string, string>) =>
  (await clinical.client.request(READ, { uid }, headers)).data?.composition;

beforeAll(async () => {
  store = await createTestDatabase('clinical');
  issuer = await testIssuer();
  token = await issuer.token();
  const setup = await instance();
  ehrId = (await setup.client.request(`mutation { createEhr { id } }`)).data.createEhr.id;
});
afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.close();
  for (const clinical of started.splice(0)) await clinical.stop();
});
afterAll(async () => {
  await dropRedisKeys(REDIS_URL, prefixes);
  await store?.drop();
});

describe('composition version cache, in-process', () => {
  it('reads a stored version from the database once, then from the cache without SQL', async () => {
    const writer = await instance();
    const { uid } = await commitComposition(writer);
    const reader = await instance(); // its own, empty cache
    const first = await versionStatements(store.db, () => read(reader, uid));
    expect(reader.count(VERSION, 'miss')).toBe(1);
    expect(first).toBe(1);
    const second = await versionStatements(store.db, async () => expect(await read(reader, uid)).toMatchObject({ uid, version: 1 }));
    expect(reader.count(VERSION, 'hit')).toBe(1);
    expect(second).toBe(0);
  });

  it('caches the latest-version pointer until an update or delete moves it: never a stale latest', async () => {
    const clinical = await instance();
    const { uid, objectId } = await commitComposition(clinical);
    const cold = await instance(); // reads the pointer from the database once, then from its cache
    expect(await read(cold, objectId)).toMatchObject({ version: 1 });
    expect(await read(cold, objectId)).toMatchObject({ version: 1 });
    expect([cold.count(LATEST, 'miss'), cold.count(LATEST, 'hit')]).toEqual([1, 1]);
    await cold.stop();

    expect(await read(clinical, objectId)).toMatchObject({ version: 1 });
    const v2 = (await clinical.client.request(UPDATE, { p: uid, c: { ...DOCUMENT, name: { _type: 'DV_TEXT', value: 'Updated' } } })).data.updateComposition;
    const afterUpdate = await versionStatements(store.db, async () => expect(await read(clinical, objectId)).toMatchObject({ version: 2, name: 'Updated' }));
    expect(afterUpdate).toBe(0); // the commit moved the pointer to the version it wrote
    await clinical.client.request(DELETE, { p: v2.uid });
    expect(await read(clinical, objectId)).toMatchObject({ version: 3, lifecycleState: 'DELETED' });
    expect(await read(clinical, uid)).toMatchObject({ version: 1, lifecycleState: 'COMPLETE' });
  });

  it('pages read their versions through the cache: a cold page reads the documents in one statement, a warm page reads none', async () => {
    const writer = await instance();
    const committed = [await commitComposition(writer), await commitComposition(writer)];
    const reader = await instance(); // its own, empty cache
    const documents: string[] = [];
    const stop = store.db.observe((sql) => {
      if (/\bcanonical\b/.test(sql) && /FROM composition_versions/.test(sql)) documents.push(sql);
    });
    try {
      const page = async () =>
        (await reader.client.request(PAGE, { ehrId })).data?.ehr?.compositions.edges.map((edge: { node: { uid: string } }) => edge.node.uid) as string[];
      const cold = await page();
      expect(cold).toEqual(expect.arrayContaining(committed.map(({ uid }) => uid)));
      expect(documents).toHaveLength(1);
      expect(await page()).toEqual(cold);
      expect(documents).toHaveLength(1);
      expect(reader.count(VERSION, 'hit')).toBe(cold.length);
    } finally {
      stop();
    }
  });

  it("applies each caller's authorisation to the shared cached row", async () => {
    const clinical = await instance();
    const { uid } = await commitComposition(clinical);
    expect(await read(clinical, uid)).toMatchObject({ uid });
    const otherOrg = await issuer.token({ sub: 'someone-else', org: 'org-c' }); // outside org-a's care network
    const hitsBefore = clinical.count(VERSION, 'hit');
    expect(await read(clinical, uid, { authorization: `Bearer ${otherOrg}` })).toBeNull();
    expect(clinical.count(VERSION, 'hit')).toBe(hitsBefore + 1); // served from the cache, then refused
    expect(await read(clinical, uid)).toMatchObject({ uid }); // and the refusal was not cached
  });

  it('works as usual when Redis is at a dead port (REDIS_URL=redis://127.0.0.1:1)', async () => {
    const clinical = await instance({ REDIS_URL: 'redis://127.0.0.1:1' });
    const { uid, objectId } = await commitComposition(clinical);
    expect(await read(clinical, uid)).toMatchObject({ version: 1 });
    await clinical.client.request(UPDATE, { p: uid, c: DOCUMENT });
    expect(await read(clinical, objectId)).toMatchObject({ version: 2 });
    expect(clinical.count('clinical.store', 'error')).toBeGreaterThan(0);
  });
});

describe.skipIf(!REDIS_URL)('[redis] composition version cache shared through Redis', () => {
  const redisEnv = { REDIS_URL: REDIS_URL as string };

  it('two instances share versions and the latest pointer; an update or delete on one is seen at once on the other', async () => {
    const keyPrefix = randomPrefix();
    const [a, b] = [await instance(redisEnv, keyPrefix), await instance(redisEnv, keyPrefix)];
    const { uid, objectId } = await commitComposition(a);
    const shared = await versionStatements(store.db, async () => expect(await read(b, objectId)).toMatchObject({ version: 1 }));
    expect(shared).toBe(0); // b's first read: pointer and row from Redis
    expect(b.count(LATEST, 'hit')).toBe(1);
    const v2 = (await a.client.request(UPDATE, { p: uid, c: DOCUMENT })).data.updateComposition;
    expect(await read(b, objectId)).toMatchObject({ version: 2 });
    await a.client.request(DELETE, { p: v2.uid });
    expect(await read(b, objectId)).toMatchObject({ version: 3, lifecycleState: 'DELETED' });
  });

  it('keeps working while Redis is cut off mid-run, and serves no stale latest once it is back', async () => {
    const keyPrefix = randomPrefix();
    const redis = new URL(REDIS_URL as string);
    const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    proxies.push(proxy);
    const viaProxy = new URL(redis);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const a = await instance({ REDIS_URL: viaProxy.toString() }, keyPrefix);
    const b = await instance(redisEnv, keyPrefix);
    const { uid, objectId } = await commitComposition(a);
    expect(await read(b, objectId)).toMatchObject({ version: 1 }); // the pointer is in Redis

    await proxy.cut('refuse');
    const started = Date.now();
    await a.client.request(UPDATE, { p: uid, c: DOCUMENT }); // its pointer move cannot reach Redis
    expect(await read(a, objectId)).toMatchObject({ version: 2 });
    expect(await read(a, uid)).toMatchObject({ version: 1 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(a.count('clinical.store', 'error')).toBeGreaterThan(0);

    await proxy.restore();
    // Once a reconnects it forgets the pointer it could not move; b then reads the new version.
    await eventually(async () => (await read(b, objectId))?.version === 2);
    expect(await read(a, objectId)).toMatchObject({ version: 2 });
  });

  it('a slow (blackholed) Redis costs a short wait, not a failed request', async () => {
    const redis = new URL(REDIS_URL as string);
    const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    proxies.push(proxy);
    const a = await instance({ REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    const { uid } = await commitComposition(a);
    await proxy.cut('blackhole');
    const started = Date.now();
    expect(await read(a, uid)).toMatchObject({ version: 1 });
    await a.client.request(UPDATE, { p: uid, c: DOCUMENT });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

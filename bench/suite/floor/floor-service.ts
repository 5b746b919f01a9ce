import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { FieldCipher, parseKey } from '../../../subgraphs/demographic/crypto.ts';
import { floorA, floorB, type EhrHistory } from './clinical-floors.ts';
import { demographicFloor } from './demographic-floor.ts';
import { executeInMemory, type InMemoryData } from './graphql-floor.ts';

/** The floors of scenario 1, one path each; every request is a GraphQL-shaped POST as the subgraphs get. */
export type FloorPath = 'clinical-a' | 'clinical-b' | 'clinical-graphql' | 'demographic' | 'demographic-graphql';

interface Body {
  query: string;
  variables: Record<string, unknown>;
}

async function readBody(request: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<Body>;
  return { query: body.query ?? '', variables: body.variables ?? {} };
}

/** Scenario 1's direct query names its EHRs `$e0 … $eN`; the answer keys them by alias `e0 … eN`. */
const aliasedEhrIds = (variables: Record<string, unknown>) => Object.entries(variables).filter(([name]) => /^e\d+$/.test(name)) as [string, string][];

const byAlias = (aliases: [string, string][], histories: EhrHistory[]) => {
  const byId = new Map(histories.map((history) => [history.id, history]));
  return Object.fromEntries(aliases.map(([alias, id]) => [alias, byId.get(id) ?? null]));
};

/**
 * A bench process (no part of the platform) that answers scenario 1's queries at their floors, on
 * the run's PostgreSQL databases: the minimal work of fetching and serialising the same answer,
 * against which the subgraphs' CPU per request is compared. Needs PostgreSQL: PGlite is one process's.
 */
export async function startFloorService(env: NodeJS.ProcessEnv): Promise<{ url: string; stop(): Promise<void> }> {
  const clinical = new pg.Pool({ connectionString: env.CLINICAL_DATABASE_URL, max: 4 });
  const demographic = new pg.Pool({ connectionString: env.DEMOGRAPHIC_DATABASE_URL, max: 4 });
  const cipher = new FieldCipher(parseKey(env.LINK_ENCRYPTION_KEY ?? '') ?? Buffer.alloc(32));
  const memory: InMemoryData = { ehrs: new Map() };
  const inMemory = async (aliases: [string, string][]) => {
    const missing = aliases.map(([, id]) => id).filter((id) => !memory.ehrs.has(id));
    if (missing.length > 0) for (const history of await floorB(clinical, missing)) memory.ehrs.set(history.id, history);
  };
  const answer = async (path: FloorPath, { query, variables }: Body): Promise<unknown> => {
    const aliases = aliasedEhrIds(variables);
    const first = Number(variables.first ?? 10);
    switch (path) {
      case 'clinical-a':
        return {
          data: byAlias(
            aliases,
            await floorA(
              clinical,
              aliases.map(([, id]) => id),
            ),
          ),
        };
      case 'clinical-b':
        return {
          data: byAlias(
            aliases,
            await floorB(
              clinical,
              aliases.map(([, id]) => id),
            ),
          ),
        };
      case 'clinical-graphql':
        await inMemory(aliases);
        return executeInMemory(memory, query, variables);
      case 'demographic':
        return { data: await demographicFloor(demographic, cipher, first) };
      case 'demographic-graphql':
        memory.patients ??= (await demographicFloor(demographic, cipher, first)).patients;
        return executeInMemory(memory, query, variables);
    }
  };
  const server = createServer((request, response) => {
    const path = (request.url ?? '').slice(1) as FloorPath;
    readBody(request)
      .then((body) => answer(path, body))
      .then(
        (result) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
        (error: unknown) => response.writeHead(500).end(JSON.stringify({ errors: [{ message: String(error) }] })),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await Promise.all([clinical.end(), demographic.end()]);
    },
  };
}

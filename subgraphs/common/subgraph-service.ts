import { join } from 'node:path';
import type { BaseContext } from '@apollo/server';
import { openDatabase, type Database } from './db.ts';
import { migrate } from './migrate.ts';
import { startSubgraph } from './subgraph-server.ts';

export interface SubgraphServiceOptions<Context extends BaseContext> {
  /** Names the SDL (`schema/<name>.graphql`), the migrations (`subgraphs/<name>/migrations`) and the PGlite folder. */
  name: 'clinical' | 'demographic';
  /** `postgres://…`; when unset the service keeps its data with PGlite in `<dataDir>/<name>`. */
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  resolvers: object;
  createContext: (db: Database) => Context;
  /** A database the caller owns (tests use throw-away ones): migrated here, left open on stop. */
  db?: Database;
}

export interface SubgraphService {
  url: string;
  db: Database;
  stop(): Promise<void>;
}

/** Opens the service's own database, brings its schema up to date and serves its subgraph. */
export async function startSubgraphService<Context extends BaseContext>(
  options: SubgraphServiceOptions<Context>,
): Promise<SubgraphService> {
  const ownsDb = options.db === undefined;
  const db = options.db ?? (await openDatabase(options.databaseUrl ?? join(options.dataDir, options.name)));
  try {
    await migrate(db, new URL(`../${options.name}/migrations/`, import.meta.url).pathname);
    const subgraph = await startSubgraph({
      sdlPath: new URL(`../../schema/${options.name}.graphql`, import.meta.url),
      resolvers: options.resolvers,
      context: async () => options.createContext(db),
      port: options.port,
      host: options.host,
    });
    return {
      url: subgraph.url,
      db,
      async stop() {
        await subgraph.stop();
        if (ownsDb) await db.close();
      },
    };
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }
}

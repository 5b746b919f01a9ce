/** Where the console's pages send their queries; served by the console server as /config.json. */
export interface ConsoleConfig {
  /** The gateway's GraphQL endpoint (policies, audit, explain). */
  gatewayUrl: string;
  /** The clinical subgraph's GraphQL endpoint (the research dashboard talks to it alone). */
  clinicalUrl: string;
}

let loaded: Promise<ConsoleConfig> | null = null;

export function consoleConfig(): Promise<ConsoleConfig> {
  loaded ??= fetch('./config.json').then(async (response) => {
    if (!response.ok) throw new Error(`The console server answered ${response.status} for config.json`);
    return (await response.json()) as ConsoleConfig;
  });
  return loaded;
}

import { z } from 'zod';
import { clinicalUrl, host, httpUrl, loadConfig, port } from '../../platform/config/load-config.ts';

/**
 * The console server's settings: its port, and the endpoints its pages call (handed to the browser
 * as /config.json, so they are the URLs a browser reaches, which may differ from the services' own).
 */
export const consoleConfigSchema = z.object({
  CONSOLE_PORT: port(4003).meta({ description: 'port of the web console (its static pages and `/config.json`)' }),
  HOST: host,
  CONSOLE_GATEWAY_URL: httpUrl('http://127.0.0.1:4000/graphql').meta({
    description: 'the gateway as the console’s browser pages reach it (policies, explain, audit)',
  }),
  CONSOLE_CLINICAL_URL: clinicalUrl.meta({
    description: 'the clinical subgraph as the console’s browser pages reach it (the research dashboard calls it alone)',
  }),
});

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

export const loadConsoleConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(consoleConfigSchema, env);

/** The origin the console's pages run on: what the gateway and the clinical subgraph allow by CORS. */
export function consoleOrigin(config: Pick<ConsoleConfig, 'HOST' | 'CONSOLE_PORT'>, port = config.CONSOLE_PORT): string {
  const hostname = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  return `http://${hostname}:${port}`;
}

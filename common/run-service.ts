import { ConfigError } from './config.ts';

/** Starts a service from the command line: prints its URL, stops cleanly on SIGINT/SIGTERM. */
export async function runService(name: string, start: () => Promise<{ url: string; stop(): Promise<void> }>): Promise<void> {
  let service: { url: string; stop(): Promise<void> };
  try {
    service = await start();
  } catch (error) {
    console.error(error instanceof ConfigError ? `${name}: ${error.message}` : error);
    process.exit(1);
  }
  console.log(`${name} ready at ${service.url}`);
  const shutdown = () => {
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

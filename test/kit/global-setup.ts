import { browserAvailable, CHROMIUM_PATH } from './browser.ts';

/** Says, once per run, which backing services the suite runs against and what it leaves out. */
export default function setup(): void {
  const lines: string[] = [];
  if (process.env.TEST_DATABASE_URL) lines.push(`PostgreSQL: ${new URL(process.env.TEST_DATABASE_URL).host} (TEST_DATABASE_URL)`);
  else lines.push('PostgreSQL: TEST_DATABASE_URL not set, running on embedded PGlite; left out: tests marked [postgres] (shown as skipped)');
  if (process.env.REDIS_URL) lines.push(`Redis: ${new URL(process.env.REDIS_URL).host} (REDIS_URL)`);
  else lines.push('Redis: REDIS_URL not set, using the in-process cache; left out: tests marked [redis] (shown as skipped)');
  if (!browserAvailable) lines.push(`Browser: no Chromium at ${CHROMIUM_PATH}; left out: tests marked [browser] (shown as skipped)`);
  console.log(`\n${lines.join('\n')}\n`);
}

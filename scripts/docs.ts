/**
 * `npm run docs`: regenerates the pages of docs/ that come from code — configuration.md from the
 * services' zod schemas, errors.md from the error registry. `npm run docs:check` (`--check`)
 * writes nothing and fails, naming each page, when one differs from what the code gives now.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GENERATED_PAGES } from './docs/pages.ts';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const root = new URL('../', import.meta.url);
const current = (path: string) => {
  try {
    return readFileSync(new URL(path, root), 'utf8');
  } catch {
    return undefined;
  }
};

const stale = GENERATED_PAGES.filter((page) => current(page.path) !== page.render());
if (values.check) {
  for (const page of stale) console.error(`${page.path} is stale: run npm run docs`);
  if (stale.length === 0) console.log(`${GENERATED_PAGES.map((page) => page.path).join(' and ')} are up to date`);
  process.exitCode = stale.length === 0 ? 0 : 1;
} else {
  for (const page of stale) writeFileSync(new URL(page.path, root), page.render());
  console.log(stale.length === 0 ? 'docs are up to date' : `written: ${stale.map((page) => page.path).join(', ')}`);
}

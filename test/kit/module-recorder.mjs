// Module hooks (registered by record-modules.mjs) that append every URL Node resolves to the file `data.out`,
// so that a test can see which files a process really loaded. Plain JavaScript: it runs in Node's hooks thread.
import { appendFileSync } from 'node:fs';

let out;

export function initialize(data) {
  out = data.out;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(out, `${resolved.url}\n`);
  return resolved;
}

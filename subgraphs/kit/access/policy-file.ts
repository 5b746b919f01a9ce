import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { stringify } from 'yaml';
import { badInput } from '../../../platform/errors/errors.ts';
import { policyFilesAt } from '../authz/index.ts';

/** The one file a new policy replaces: POLICY_PATH itself, or the only policy file of its folder. */
export function writablePolicyFile(path: string): string {
  const files = policyFilesAt(path);
  const [file] = files;
  if (files.length !== 1 || !file) {
    throw badInput(`The policy is split over ${files.length} files (${path}); edit them by hand and reload, a new policy replaces a single file`);
  }
  return file;
}

/**
 * Replaces `file` with `document` in the file's own format (JSON or YAML) atomically: written beside
 * it under a name no policy load picks up, then renamed over it, so a reload never reads half a file.
 */
export function writePolicyFile(file: string, document: unknown): void {
  const text = extname(file).toLowerCase() === '.json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document);
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

// `node --import tsx --import ./test/kit/record-modules.mjs script.ts`: records every module the script loads,
// static or dynamic, into the file named by MODULE_RECORD_FILE (one resolved URL a line).
import { register } from 'node:module';

const out = process.env.MODULE_RECORD_FILE;
if (!out) throw new Error('record-modules.mjs needs MODULE_RECORD_FILE');
register('./module-recorder.mjs', import.meta.url, { data: { out } });

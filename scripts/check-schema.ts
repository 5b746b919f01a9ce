// npm run check:schema [-- --schema-dir <dir>]
// Fails (exit 1) when the subgraphs do not compose, schema/supergraph.graphql is stale, or the
// API schema has unacknowledged breaking changes against schema/published/api.graphql.
import { checkSchema, parseSchemaDirArg } from './schema-tools.ts';

async function main(): Promise<number> {
  const schemaDir = parseSchemaDirArg(process.argv.slice(2));
  const report = await checkSchema(schemaDir);
  for (const note of report.notes) console.log(note);
  for (const warning of report.warnings) console.warn(`warning: ${warning}`);
  for (const error of report.errors) console.error(error);
  if (!report.ok) {
    console.error('Schema check FAILED.');
    return 1;
  }
  console.log('Schema check passed: composition OK, supergraph up to date, no unacknowledged breaking changes.');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);

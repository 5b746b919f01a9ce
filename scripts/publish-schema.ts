// npm run publish:schema [-- --schema-dir <dir>]
// Composes, writes the API schema to schema/published/api.graphql (the new baseline for
// check:schema) and resets schema/published/acknowledged-breaking-changes.json to [].
import { displayPath, formatCompositionIssue, parseSchemaDirArg, publishSchema } from './schema-tools.ts';

function main(): number {
  const schemaDir = parseSchemaDirArg(process.argv.slice(2));
  const outcome = publishSchema(schemaDir);
  if (!outcome.ok) {
    console.error(`Composition failed with ${outcome.errors.length} error(s); nothing published:`);
    for (const error of outcome.errors) console.error(`  ${formatCompositionIssue(error)}`);
    return 1;
  }
  for (const hint of outcome.hints) console.warn(`warning: composition hint ${formatCompositionIssue(hint)}`);
  if (!outcome.supergraphUpToDate) {
    console.warn(`warning: ${displayPath(outcome.paths.supergraph)} is missing or stale: run npm run compose`);
  }
  console.log(`Wrote ${displayPath(outcome.paths.publishedApi)}`);
  console.log(`Reset ${displayPath(outcome.paths.acknowledgements)} to []`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

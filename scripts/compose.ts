// npm run compose [-- --schema-dir <dir>]
// Composes schema/clinical.graphql + schema/demographic.graphql into schema/supergraph.graphql.
import { displayPath, formatCompositionIssue, parseSchemaDirArg, schemaPaths, writeSupergraph } from './schema-tools.ts';

function main(): number {
  const schemaDir = parseSchemaDirArg(process.argv.slice(2));
  const outcome = writeSupergraph(schemaDir);
  if (!outcome.ok) {
    console.error(`Composition failed with ${outcome.errors.length} error(s):`);
    for (const error of outcome.errors) console.error(`  ${formatCompositionIssue(error)}`);
    return 1;
  }
  for (const hint of outcome.hints) console.warn(`warning: composition hint ${formatCompositionIssue(hint)}`);
  console.log(`Wrote ${displayPath(schemaPaths(schemaDir).supergraph)}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

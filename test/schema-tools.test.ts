import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CriticalityLevel } from '@graphql-inspector/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEMA_DIR,
  checkSchema,
  composeSchemaDir,
  parseAcknowledgements,
  publishSchema,
  schemaPaths,
  writeSupergraph,
} from '../scripts/schema-tools.ts';
import type { Acknowledgement, CheckReport } from '../scripts/schema-tools.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = join(repoRoot, 'schema');
const TIMEOUT = 60_000;

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary copy of the repository's schema directory (subgraphs, supergraph, published/). */
function copySchemaDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'schema-check-'));
  tempDirs.push(dir);
  cpSync(schemaDir, dir, { recursive: true });
  return dir;
}

/** Replaces `from` (which must occur exactly once) by `to` in `<dir>/<file>`. */
function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  expect(text.split(from).length - 1, `${JSON.stringify(from)} occurs once in ${file}`).toBe(1);
  writeFileSync(path, text.replace(from, to));
}

function acknowledge(dir: string, entries: unknown[]): void {
  writeFileSync(schemaPaths(dir).acknowledgements, JSON.stringify(entries, null, 2));
}

/** Applies an SDL change, recomposes the temp supergraph (so only the API diff matters) and checks. */
async function changeAndCheck(dir: string, file: string, from: string, to: string): Promise<CheckReport> {
  edit(dir, file, from, to);
  const composed = writeSupergraph(dir);
  expect(composed.ok).toBe(true);
  return checkSchema(dir);
}

describe('the committed schema', () => {
  it('uses the repository schema directory by default', () => {
    expect(DEFAULT_SCHEMA_DIR).toBe(schemaDir);
  });

  it(
    'supergraph.graphql equals a fresh composition, byte for byte',
    () => {
      const outcome = composeSchemaDir(schemaDir);
      if (!outcome.ok) throw new Error(outcome.errors.map((e) => `${e.code}: ${e.message}`).join('\n'));
      expect(readFileSync(join(schemaDir, 'supergraph.graphql'), 'utf8')).toBe(outcome.supergraphSdl);
      expect(outcome.supergraphSdl.endsWith('\n')).toBe(true);
      expect(outcome.supergraphSdl).toContain('@join__graph(name: "clinical", url: "http://localhost:4001/graphql")');
      expect(outcome.supergraphSdl).toContain('@join__graph(name: "demographic", url: "http://localhost:4002/graphql")');
      // Deterministic: composing again gives the same text.
      const again = composeSchemaDir(schemaDir);
      expect(again.ok && again.supergraphSdl).toBe(outcome.supergraphSdl);
    },
    TIMEOUT,
  );

  it(
    'passes the check: no breaking diff against the published baseline, no acknowledgements pending',
    async () => {
      const report = await checkSchema(schemaDir);
      expect(report.errors).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.supergraphUpToDate).toBe(true);
      expect(report.unacknowledgedBreaking).toEqual([]);
      expect(report.changes.filter((c) => c.criticality === CriticalityLevel.Breaking)).toEqual([]);
      expect(JSON.parse(readFileSync(schemaPaths(schemaDir).acknowledgements, 'utf8'))).toEqual([]);
    },
    TIMEOUT,
  );

  it('publishes the API schema without federation machinery', () => {
    const api = readFileSync(schemaPaths(schemaDir).publishedApi, 'utf8');
    expect(api).toMatch(/^type Ehr \{$/m);
    expect(api).toMatch(/^type Patient \{$/m);
    expect(api).not.toMatch(/join__|@link|@key|@shareable|_Entity|_Service/);
  });
});

describe('checkSchema on a temporary copy', () => {
  it(
    'fails when the committed supergraph is stale',
    async () => {
      const dir = copySchemaDir();
      edit(dir, 'clinical.graphql', '  templateId: String!\n  archetypeNodeId', '  templateId: String!\n  note: String\n  archetypeNodeId');
      const report = await checkSchema(dir);
      expect(report.ok).toBe(false);
      expect(report.supergraphUpToDate).toBe(false);
      expect(report.errors.join('\n')).toMatch(/stale: .*supergraph\.graphql.*run npm run compose/);
      // A new nullable field is not breaking.
      expect(report.unacknowledgedBreaking).toEqual([]);
      expect(report.changes).toContainEqual(expect.objectContaining({ type: 'FIELD_ADDED', path: 'Composition.note' }));
    },
    TIMEOUT,
  );

  it(
    'fails on a removed field (Ehr.createdAt) and passes once it is acknowledged with a reason',
    async () => {
      const dir = copySchemaDir();
      const report = await changeAndCheck(dir, 'clinical.graphql', '  createdAt: DateTime!\n  """', '  """');
      expect(report.ok).toBe(false);
      expect(report.supergraphUpToDate).toBe(true);
      expect(report.unacknowledgedBreaking).toEqual([expect.objectContaining({ type: 'FIELD_REMOVED', path: 'Ehr.createdAt' })]);
      expect(report.errors).toContain("BREAKING FIELD_REMOVED at Ehr.createdAt: Field 'createdAt' was removed from object type 'Ehr'");

      acknowledge(dir, [{ path: 'Ehr.createdAt', type: 'FIELD_REMOVED', reason: 'No client reads it; announced to dashboard owners.' }]);
      const acknowledged = await checkSchema(dir);
      expect(acknowledged.errors).toEqual([]);
      expect(acknowledged.ok).toBe(true);
      expect(acknowledged.notes.join('\n')).toMatch(/ACKNOWLEDGED FIELD_REMOVED at Ehr\.createdAt/);
    },
    TIMEOUT,
  );

  it(
    'fails on a changed field type (Composition.version Int! -> String!)',
    async () => {
      const dir = copySchemaDir();
      const report = await changeAndCheck(dir, 'clinical.graphql', '  version: Int!\n', '  version: String!\n');
      expect(report.ok).toBe(false);
      expect(report.unacknowledgedBreaking).toEqual([expect.objectContaining({ type: 'FIELD_TYPE_CHANGED', path: 'Composition.version' })]);
      expect(report.errors.join('\n')).toMatch(/^BREAKING FIELD_TYPE_CHANGED at Composition\.version: .*'Int!' to 'String!'/m);

      acknowledge(dir, [{ path: 'Composition.version', type: 'FIELD_TYPE_CHANGED', reason: 'Versions become opaque strings.' }]);
      expect((await checkSchema(dir)).ok).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'fails on a new required argument (Query.compositionVersions(includeDeleted: Boolean!))',
    async () => {
      const dir = copySchemaDir();
      const report = await changeAndCheck(
        dir,
        'clinical.graphql',
        'compositionVersions(objectId: UUID!, first: Int = 20, afterVersion: Int = 0)',
        'compositionVersions(objectId: UUID!, first: Int = 20, afterVersion: Int = 0, includeDeleted: Boolean!)',
      );
      expect(report.ok).toBe(false);
      expect(report.unacknowledgedBreaking).toEqual([
        expect.objectContaining({ type: 'FIELD_ARGUMENT_ADDED', path: 'Query.compositionVersions.includeDeleted' }),
      ]);
      expect(report.errors.join('\n')).toContain('BREAKING FIELD_ARGUMENT_ADDED at Query.compositionVersions.includeDeleted:');

      acknowledge(dir, [{ path: 'Query.compositionVersions.includeDeleted', type: 'FIELD_ARGUMENT_ADDED', reason: 'Only internal callers.' }]);
      expect((await checkSchema(dir)).ok).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'an optional argument is not breaking',
    async () => {
      const dir = copySchemaDir();
      const report = await changeAndCheck(
        dir,
        'clinical.graphql',
        'compositionVersions(objectId: UUID!, first: Int = 20, afterVersion: Int = 0)',
        'compositionVersions(objectId: UUID!, first: Int = 20, afterVersion: Int = 0, includeDeleted: Boolean = false)',
      );
      expect(report.errors).toEqual([]);
      expect(report.ok).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'an acknowledgement without a reason is an error and does not acknowledge',
    async () => {
      const dir = copySchemaDir();
      await changeAndCheck(dir, 'clinical.graphql', '  createdAt: DateTime!\n  """', '  """');
      acknowledge(dir, [{ path: 'Ehr.createdAt', type: 'FIELD_REMOVED', reason: '  ' }]);
      const report = await checkSchema(dir);
      expect(report.ok).toBe(false);
      expect(report.errors.join('\n')).toMatch(/"reason" is missing or empty/);
      expect(report.unacknowledgedBreaking.map((c) => c.path)).toEqual(['Ehr.createdAt']);

      acknowledge(dir, [{ path: 'Ehr.createdAt', type: 'FIELD_REMOVED' }]);
      const missing = await checkSchema(dir);
      expect(missing.ok).toBe(false);
      expect(missing.errors.join('\n')).toMatch(/\[0\] \(FIELD_REMOVED at Ehr\.createdAt\): "reason" is missing or empty/);
    },
    TIMEOUT,
  );

  it(
    'reports acknowledgements that match no current breaking change as stale warnings',
    async () => {
      const dir = copySchemaDir();
      acknowledge(dir, [{ path: 'Ehr.createdAt', type: 'FIELD_REMOVED', reason: 'Left over from last release.' }]);
      const report = await checkSchema(dir);
      expect(report.ok).toBe(true);
      expect(report.staleAcknowledgements).toEqual([{ path: 'Ehr.createdAt', type: 'FIELD_REMOVED', reason: 'Left over from last release.' }]);
      expect(report.warnings.join('\n')).toMatch(/stale acknowledgement: FIELD_REMOVED at Ehr\.createdAt/);
    },
    TIMEOUT,
  );

  it(
    'prints dangerous changes (a new enum value) as warnings without failing',
    async () => {
      const dir = copySchemaDir();
      const report = await changeAndCheck(dir, 'demographic.graphql', '  UNKNOWN\n}', '  UNKNOWN\n  NOT_STATED\n}');
      expect(report.ok).toBe(true);
      expect(report.warnings).toContainEqual(expect.stringMatching(/^DANGEROUS ENUM_VALUE_ADDED at AdministrativeSex\.NOT_STATED: /));
    },
    TIMEOUT,
  );

  it(
    'reports composition errors (PageInfo.hasNextPage with conflicting types)',
    async () => {
      const dir = copySchemaDir();
      edit(dir, 'demographic.graphql', '  hasNextPage: Boolean!', '  hasNextPage: String!');
      const report = await checkSchema(dir);
      expect(report.ok).toBe(false);
      expect(report.compositionErrors).toContainEqual(
        expect.objectContaining({ code: 'FIELD_TYPE_MISMATCH', message: expect.stringContaining('PageInfo.hasNextPage') }),
      );
      expect(report.errors[0]).toMatch(/^composition failed/);
      expect(report.errors.join('\n')).toMatch(/FIELD_TYPE_MISMATCH: .*PageInfo\.hasNextPage/);

      // compose refuses to write a supergraph; publish refuses to publish.
      const before = readFileSync(schemaPaths(dir).supergraph, 'utf8');
      expect(writeSupergraph(dir).ok).toBe(false);
      expect(readFileSync(schemaPaths(dir).supergraph, 'utf8')).toBe(before);
      expect(publishSchema(dir).ok).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'reports SDL syntax errors with the subgraph name',
    async () => {
      const dir = copySchemaDir();
      edit(dir, 'clinical.graphql', 'type CompositionEdge {', 'type CompositionEdge {{');
      const report = await checkSchema(dir);
      expect(report.ok).toBe(false);
      expect(report.errors.join('\n')).toMatch(/\[clinical\] Syntax Error/);
    },
    TIMEOUT,
  );

  it(
    'publishSchema writes a new baseline and resets acknowledgements',
    async () => {
      const dir = copySchemaDir();
      await changeAndCheck(dir, 'clinical.graphql', '  createdAt: DateTime!\n  """', '  """');
      acknowledge(dir, [{ path: 'Ehr.createdAt', type: 'FIELD_REMOVED', reason: 'Shipping it.' }]);
      const published = publishSchema(dir);
      expect(published.ok).toBe(true);
      expect(readFileSync(schemaPaths(dir).acknowledgements, 'utf8')).toBe('[]\n');
      const api = readFileSync(schemaPaths(dir).publishedApi, 'utf8');
      const ehrType = /^type Ehr \{[\s\S]*?^\}/m.exec(api)?.[0];
      expect(ehrType).toMatch(/subjectId: UUID$/m);
      expect(ehrType).not.toContain('createdAt');
      const report = await checkSchema(dir);
      expect(report.errors).toEqual([]);
      expect(report.changes).toEqual([]);
    },
    TIMEOUT,
  );
});

describe('parseAcknowledgements', () => {
  it('accepts valid entries', () => {
    const entries: Acknowledgement[] = [{ path: 'A.b', type: 'FIELD_REMOVED', reason: 'why' }];
    expect(parseAcknowledgements(JSON.stringify(entries))).toEqual({ acknowledgements: entries, errors: [] });
    expect(parseAcknowledgements('[]')).toEqual({ acknowledgements: [], errors: [] });
  });

  it('rejects invalid JSON, non-arrays and incomplete entries', () => {
    expect(parseAcknowledgements('{').errors[0]).toMatch(/invalid JSON/);
    expect(parseAcknowledgements('{}').errors[0]).toMatch(/expected a JSON array/);
    const result = parseAcknowledgements(JSON.stringify([{ type: 'FIELD_REMOVED', reason: 'x' }, 'nope', { path: 'A.b', type: 'T', reason: '' }]));
    expect(result.acknowledgements).toEqual([]);
    expect(result.errors).toHaveLength(3);
    expect(result.errors.join('\n')).toMatch(/\[0\]: "path" must be a non-empty string/);
    expect(result.errors.join('\n')).toMatch(/\[1\]: expected an object/);
    expect(result.errors.join('\n')).toMatch(/\[2\] \(T at A\.b\): "reason" is missing or empty/);
  });
});

describe('check-schema CLI', () => {
  function runCheck(args: string[]) {
    return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-schema.ts', ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
  }

  it(
    'exits 0 on the repository',
    () => {
      const result = runCheck([]);
      expect(result.stderr).not.toMatch(/BREAKING|FAILED/);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Schema check passed');
    },
    TIMEOUT,
  );

  it(
    'exits non-zero for a broken copy and names the change',
    () => {
      const dir = copySchemaDir();
      edit(dir, 'clinical.graphql', '  createdAt: DateTime!\n  """', '  """');
      const result = runCheck(['--schema-dir', dir]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('BREAKING FIELD_REMOVED at Ehr.createdAt:');
      expect(result.stderr).toContain('run npm run compose');
      expect(result.stderr).toContain('Schema check FAILED.');
    },
    TIMEOUT,
  );
});

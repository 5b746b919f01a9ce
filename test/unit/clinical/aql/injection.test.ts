// Strings, parameters and paths reach SQL only as parameters (or re-checked attribute names).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../kit/databases.ts';
import { addComposition, addEhr, aql, migratedDatabase, openAccess } from './support.ts';
import { AqlError, compileAql, parseAql } from '../../../../subgraphs/clinical/aql/index.ts';

const PAYLOADS = [
  "x'; DROP TABLE ehrs; --",
  "' OR '1'='1",
  '" || true || "',
  '") || (@ != "',
  '$.** ? (@ != null)',
  "openEHR-EHR-OBSERVATION.minimal.v1') OR TRUE --",
  "\\'; SELECT pg_sleep(5); --",
];

describe('injection attempts are inert', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await migratedDatabase('aql_injection');
    await addComposition(t.db, await addEhr(t.db), 'minimal_observation_1.composition.json');
  });
  afterAll(async () => {
    expect((await t.db.query('SELECT count(*)::int AS n FROM ehrs')).rows).toEqual([{ n: 1 }]);
    await t?.drop();
  });

  const ITEM = 'o/data[at0001]/events[at0002]/data[at0003]/items[at0004]';
  const templates = [
    `SELECT c/uid/value FROM COMPOSITION c WHERE c/name/value = $p`,
    `SELECT c/uid/value FROM COMPOSITION c WHERE c/name/value LIKE $p`,
    `SELECT c/uid/value FROM EHR e CONTAINS COMPOSITION c WHERE e/ehr_id/value = $p`,
    `SELECT c/uid/value FROM EHR e CONTAINS COMPOSITION c WHERE e/ehr_id/value MATCHES {$p, 'x'}`,
    `SELECT o FROM OBSERVATION o[$p]`,
    `SELECT ${ITEM}/value FROM OBSERVATION o WHERE ${ITEM}/value/value = $p`,
    `SELECT o/data[at0001]/events[at0002]/data[at0003]/items[at0004, $p]/value FROM OBSERVATION o WHERE EXISTS o/data[at0001]/events[at0002]/data[at0003]/items[at0004, $p]/value`,
    `SELECT l FROM OBSERVATION o CONTAINS ELEMENT l[at0004, $p]`,
    `SELECT e FROM EHR e[ehr_id/value = $p]`,
    `SELECT c FROM COMPOSITION c WHERE c/context/start_time = $p`,
  ];

  it.each(templates)('%s: payloads as parameters match nothing and never reach the SQL text', async (template) => {
    for (const payload of PAYLOADS) {
      const compiled = compileAql(parseAql(template), { parameters: { p: payload }, access: openAccess, maxRows: 10 });
      expect(compiled.sql).not.toContain(payload);
      expect(compiled.sql).not.toMatch(/DROP|pg_sleep|OR TRUE/);
      expect(await aql(t.db, template, { parameters: { p: payload } })).toEqual([]);
    }
  });

  it('payloads as string literals are the same inert values', async () => {
    for (const payload of PAYLOADS) {
      const literal = `'${payload.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
      const text = `SELECT c/uid/value FROM COMPOSITION c WHERE c/name/value = ${literal} OR c/name/value LIKE ${literal}`;
      const compiled = compileAql(parseAql(text), { parameters: {}, access: openAccess, maxRows: 10 });
      expect(compiled.sql).not.toContain(payload);
      expect(compiled.params).toContain(payload);
      expect(await aql(t.db, text)).toEqual([]);
    }
  });

  it('quotes and other characters cannot enter a path', () => {
    for (const text of [
      `SELECT c/name'/value FROM COMPOSITION c`,
      `SELECT c/name"x"/value FROM COMPOSITION c`,
      `SELECT c/na;me FROM COMPOSITION c`,
      `SELECT c/name\\x FROM COMPOSITION c`,
      `SELECT c/name[at0001') OR TRUE --] FROM COMPOSITION c`,
    ])
      expect(() => parseAql(text)).toThrow(AqlError);
  });

  it('parameters of other types are refused', () => {
    for (const p of [{ a: 1 }, null, Number.NaN, [[1]]]) {
      expect(() => compileAql(parseAql('SELECT c FROM COMPOSITION c WHERE c/name/value = $p'), { parameters: { p }, access: openAccess, maxRows: 10 })).toThrow(
        /line 1, column 50: .*: \$p/,
      );
    }
  });

  it('a real value still matches (control)', async () => {
    expect(await aql(t.db, 'SELECT c/name/value FROM COMPOSITION c WHERE c/name/value = $p', { parameters: { p: 'G_Minimal' } })).toEqual([['G_Minimal']]);
  });
});

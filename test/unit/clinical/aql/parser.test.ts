import { describe, expect, it } from 'vitest';
import { allExamples } from './examples.ts';
import { AqlError, parseAql } from '../../../../subgraphs/clinical/aql/index.ts';

function refusal(text: string): { line: number; column: number; construct: string; message: string } {
  try {
    parseAql(text);
  } catch (error) {
    if (!(error instanceof AqlError)) throw error;
    return { line: error.line, column: error.column, construct: error.construct, message: error.message };
  }
  throw new Error(`parsed: ${text}`);
}

const REFUSED: Record<string, { line: number; column: number; construct: string }> = {
  '15': { line: 1, column: 41, construct: 'EHR_STATUS' },
  '29': { line: 1, column: 29, construct: 'TIMEWINDOW' },
};

describe('parseAql: the queries of aql-examples.md', () => {
  it.each(allExamples().filter(([n]) => !(n in REFUSED)))('#%s parses', (_, text) => {
    const query = parseAql(text);
    expect(query.select.items.length).toBeGreaterThan(0);
    expect(query.from.kind).toBe('class');
  });

  it.each(Object.entries(REFUSED))('#%s is refused with line, column and construct', (n, expected) => {
    const text = allExamples().find(([id]) => id === n)?.[1] as string;
    const error = refusal(text);
    expect(error).toMatchObject(expected);
    expect(error.message).toMatch(new RegExp(`^line ${expected.line}, column ${expected.column}: .*: ${expected.construct}$`));
  });

  it('#26 reads its parts: EHR predicate, archetype predicates, five paths', () => {
    const query = parseAql(allExamples().find(([n]) => n === '26')?.[1] as string);
    const ehr = query.from.kind === 'class' ? query.from : null;
    expect(ehr?.rmType).toBe('EHR');
    expect(ehr?.predicate?.conditions[0]?.path).toEqual(['ehr_id', 'value']);
    expect(query.select.items).toHaveLength(5);
  });

  it('keywords are case-insensitive; aliases, TOP and comments are read', () => {
    const query = parseAql(`select top 3 e/ehr_id/value as Id -- the id
      from ehr e contains composition c order by c/name/value descending`);
    expect(query.select.top?.count).toBe(3);
    expect(query.select.items[0]?.alias).toBe('Id');
    expect(query.orderBy[0]?.descending).toBe(true);
  });

  it('AND binds tighter than OR in FROM and WHERE, CONTAINS takes the rest', () => {
    const query = parseAql(`SELECT o FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION o AND EVALUATION v OR ACTION a
      WHERE o/a = 1 OR o/b = 2 AND NOT o/c = 3`);
    const c = query.from.kind === 'class' ? query.from.contains : null;
    const inner = c?.kind === 'class' ? c.contains : null;
    expect(inner?.kind).toBe('or');
    expect(inner?.kind === 'or' ? inner.items.map((i) => i.kind) : []).toEqual(['and', 'class']);
    expect(query.where?.kind).toBe('or');
  });
});

describe('parseAql: errors name line, column and construct', () => {
  const cases: [string, string, number, number, string][] = [
    ['end of query', 'SELECT c FROM COMPOSITION c WHERE c/name/value =', 1, 49, 'unexpected end of query'],
    ['a doubled operator', "SELECT c FROM COMPOSITION c WHERE c/name/value == 'x'", 1, 49, "unexpected '='"],
    ['a later line', "SELECT c\nFROM COMPOSITION c\nWHERE c/name/value = 'x' XOR c/uid/value = 'y'", 3, 26, 'XOR'],
    ['an unterminated string', "SELECT c FROM COMPOSITION c WHERE c/name/value = 'abc", 1, 50, "'abc"],
    ['a stray character', 'SELECT c FROM COMPOSITION c WHERE c/name/value = #', 1, 50, '#'],
    ['another function', 'SELECT LENGTH(c/name/value) FROM COMPOSITION c', 1, 8, 'LENGTH()'],
    ['a function in WHERE', "SELECT c FROM COMPOSITION c WHERE CONCAT(c/name/value, 'x') = 'y'", 1, 35, 'CONCAT()'],
    ['NOT CONTAINS', 'SELECT c FROM EHR e NOT CONTAINS COMPOSITION c', 1, 15, 'NOT CONTAINS'],
    ['AND at the top of FROM', 'SELECT c FROM COMPOSITION c AND COMPOSITION d', 1, 15, 'AND'],
    ['an unknown class', 'SELECT f FROM EHR e CONTAINS FOLDER f', 1, 30, 'FOLDER'],
    ['impossible containment', 'SELECT c FROM OBSERVATION o CONTAINS COMPOSITION c', 1, 38, 'OBSERVATION CONTAINS COMPOSITION'],
    ['an unknown variable', 'SELECT x/name/value FROM COMPOSITION c', 1, 8, 'x'],
    ['a duplicate variable', 'SELECT c FROM EHR c CONTAINS COMPOSITION c', 1, 30, 'c'],
    ['ALL_VERSIONS', 'SELECT c FROM VERSION v[ALL_VERSIONS] CONTAINS COMPOSITION c', 1, 24, 'ALL_VERSIONS'],
    [
      'a terminology URI',
      'SELECT c FROM COMPOSITION c WHERE c/x MATCHES {terminology://snomed-ct/hierarchy?rootConceptId=1}',
      1,
      48,
      'terminology://snomed-ct/hierarchy?rootConceptId=1',
    ],
    ['NULL', 'SELECT c FROM COMPOSITION c WHERE c/name/value = NULL', 1, 50, 'NULL'],
    ['MIN(*)', 'SELECT MIN(*) FROM COMPOSITION c', 1, 8, 'MIN(…)'],
    ['TOP BACKWARD', 'SELECT TOP 2 BACKWARD c FROM COMPOSITION c', 1, 8, 'TOP … BACKWARD'],
    ['a predicate on a variable in a path', "SELECT o[name/value='x']/data FROM OBSERVATION o", 1, 9, 'o[…]'],
  ];
  it.each(cases)('%s', (_, text, line, column, construct) => {
    expect(refusal(text)).toMatchObject({ line, column, construct });
  });

  it('refusals are AqlErrors with code BAD_USER_INPUT', () => {
    try {
      parseAql('SELECT');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AqlError);
      expect((error as AqlError).code).toBe('BAD_USER_INPUT');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { databaseRefusal } from '../../platform/errors/db-errors.ts';
import { jsonDepthProblem, MAX_JSON_DEPTH } from '../../platform/http/json-depth.ts';
import { validateComposition } from '../../subgraphs/clinical/canonical/index.ts';
import { MAX_IDENTIFIER_LENGTH } from '../../subgraphs/clinical/canonical/storable.ts';
import { labelledFixture } from './documents.ts';

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('databaseRefusal: which database failures the caller hears about, and how', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['a connection exception (08006)', withCode('08006')],
    ['an administrator shutdown (57P01)', withCode('57P01')],
    ['the server starting up (57P03)', withCode('57P03')],
    ['no connection slot left (53300)', withCode('53300')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a client connect timeout', new Error('Connection terminated due to connection timeout')],
    ['a refused connection under another error', new Error('query failed', { cause: withCode('ECONNREFUSED') })],
  ])('%s → SERVICE_UNAVAILABLE', (_, error) => {
    expect(databaseRefusal(error)?.code).toBe('SERVICE_UNAVAILABLE');
  });

  it.each([
    ['a NUL byte in text (22021)', withCode('22021')],
    ['an untranslatable JSON escape (22P05)', withCode('22P05')],
    ['a value too long for its index (54000)', withCode('54000')],
  ])('%s → BAD_USER_INPUT', (_, error) => {
    expect(databaseRefusal(error)?.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error in SQL', withCode('42601')],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error at all', 'ECONNREFUSED'],
  ])('%s stays an internal error', (_, error) => {
    expect(databaseRefusal(error)).toBeNull();
  });
});

describe('depth and storability limits on documents', () => {
  const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;

  it('accepts JSON nested up to the limit and refuses one level more, at any depth without overflowing', () => {
    expect(jsonDepthProblem(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonDepthProblem(nested(MAX_JSON_DEPTH + 1))).toMatch(/deeper than/);
    expect(jsonDepthProblem(nested(200_000))).toMatch(/deeper than/);
  });

  it('refuses NUL, unpaired surrogates and over-long identifiers in a composition, naming the path', () => {
    const withText = (text: string) => ({ ...labelledFixture('minimal_admin.json', 'x'), name: { _type: 'DV_TEXT', value: text } });
    expect(() => validateComposition(withText('a\u0000b'))).toThrow(/\$\.name\.value: text contains a NUL/);
    expect(() => validateComposition(withText('\ud800'))).toThrow(/\$\.name\.value: .*unpaired/);
    expect(() => validateComposition(withText('👩‍⚕️ é'))).not.toThrow(); // paired surrogates are fine
    const document = labelledFixture('minimal_admin.json', 'x') as { archetype_details: { template_id: { value: string } } };
    document.archetype_details.template_id.value = 't'.repeat(MAX_IDENTIFIER_LENGTH + 1);
    expect(() => validateComposition(document)).toThrow(/\$\.archetype_details\.template_id\.value: an identifier may be at most/);
  });
});

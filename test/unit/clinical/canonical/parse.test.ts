import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, parseCompositionText } from '../../../../subgraphs/clinical/canonical/index.ts';

describe('parseCompositionText', () => {
  it('parses valid JSON text (a leading BOM is ignored)', () => {
    expect(parseCompositionText('{"_type":"COMPOSITION"}')).toEqual({ _type: 'COMPOSITION' });
    expect(parseCompositionText('\uFEFF[1]')).toEqual([1]);
  });

  it.each(['{"_type": "COMPOSITION",}', '{', '', 'nope', '{"a": 1} trailing'])('malformed %j → CanonicalJsonError at $ with the parser message', (text) => {
    let error: unknown;
    try {
      parseCompositionText(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CanonicalJsonError);
    const jsonError = error as CanonicalJsonError;
    expect(jsonError.jsonPath).toBe('$');
    expect(jsonError.message).toMatch(/^\$: expected valid JSON text, found a syntax error: /);
  });

  it('includes the parser position', () => {
    expect(() => parseCompositionText('{"a": 1,}')).toThrow(/position 8/);
  });
});

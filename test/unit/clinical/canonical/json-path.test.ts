import { describe, expect, it } from 'vitest';
import { childPath, describe as describeValue } from '../../../../subgraphs/clinical/canonical/json-path.ts';

describe('childPath', () => {
  it.each<[string, string | number, string]>([
    ['$', 'content', '$.content'],
    ['$.content', 0, '$.content[0]'],
    ['$', '_type', '$._type'],
    ['$', 'x-ext', "$['x-ext']"],
    ['$', 'with space', "$['with space']"],
    ['$', "it's", "$['it\\'s']"],
    ['$', '0abc', "$['0abc']"],
    ['$', '', "$['']"],
  ])('%s + %j → %s', (parent, key, expected) => expect(childPath(parent, key)).toBe(expected));
});

describe('describe', () => {
  it.each<[unknown, string]>([
    [undefined, 'nothing'],
    [null, 'null'],
    ['82', 'string "82"'],
    [1.5, 'number 1.5'],
    [true, 'boolean true'],
    [[1, 2], 'array (length 2)'],
    [{}, 'object'],
    [{ _type: 'DV_TEXT' }, 'object of _type "DV_TEXT"'],
    ['x'.repeat(100), `string "${'x'.repeat(57)}..."`],
  ])('%j → %s', (value, expected) => expect(describeValue(value)).toBe(expected));
});

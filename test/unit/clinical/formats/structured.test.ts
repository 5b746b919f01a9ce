import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rmInvariantViolations, validateComposition } from '../../../../subgraphs/clinical/canonical/index.ts';
import { fromFlat, toFlat } from '../../../../subgraphs/clinical/formats/flat.ts';
import { fromStructured, toStructured } from '../../../../subgraphs/clinical/formats/structured.ts';
import { exampleComposition, validateAgainstTemplate, webTemplate } from '../../../../subgraphs/clinical/templates/index.ts';
import { OPENEHR_FIXTURES } from '../../../kit/fixtures.ts';
import { template, templateFiles } from '../../../kit/template-fixtures.ts';

const structured = (): unknown => JSON.parse(readFileSync(new URL('structured/multi_list.structured.json', OPENEHR_FIXTURES), 'utf8'));
const MULTI_LIST = 'Multi_list.opt';

describe('STRUCTURED', () => {
  it('the EHRbase example converts to a composition that passes all three validators, and back exactly', () => {
    const t = template(MULTI_LIST);
    const result = fromStructured(structured(), t, webTemplate(t));
    expect(result.violations).toBeUndefined();
    const composition = result.composition!;
    expect(validateComposition(composition).templateId).toBe(t.templateId);
    expect(rmInvariantViolations(composition)).toEqual([]);
    expect(validateAgainstTemplate(t, composition)).toEqual([]);
    expect(toStructured(composition, webTemplate(t))).toEqual(structured());
  });

  it('reports unknown nodes and invalid values with their FLAT key', () => {
    const t = template(MULTI_LIST);
    const doc = structured() as { multi_list: Record<string, unknown[]> };
    doc.multi_list.colour = ['red'];
    doc.multi_list.category = [{ '|code': 433, '|value': 'event', '|terminology': 'openehr' }];
    const result = fromStructured(doc, t, webTemplate(t));
    expect(result.violations?.map((v) => [v.key, v.kind])).toEqual([
      ['multi_list/category|code', 'invalid value'],
      ['multi_list/colour:0', 'unknown path'], // an unknown node is indexed: its occurrences are unknown
    ]);
  });

  it.each(templateFiles())('%s: the full example survives canonical → STRUCTURED → canonical as it survives FLAT', (file) => {
    const t = template(file);
    const web = webTemplate(t);
    const example = exampleComposition(t, { full: true });
    const once = fromStructured(toStructured(example, web), t, web).composition;
    expect(once).toBeDefined();
    expect(toStructured(once, web)).toEqual(toStructured(example, web));
  });
});

describe('hostile keys', () => {
  const HOSTILE = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
  /** JSON text as a client sends it: `__proto__` becomes an own key, as JSON.parse makes it. */
  const withKey = (doc: unknown, key: string): Record<string, unknown> =>
    JSON.parse(JSON.stringify(doc).replace(/^\{/, `{${JSON.stringify(key)}: "x",`)) as Record<string, unknown>;

  it('FLAT, ctx/ and STRUCTURED keys named after Object.prototype members are reported, never followed', () => {
    const t = template(MULTI_LIST);
    const web = webTemplate(t);
    const flat = toFlat(fromStructured(structured(), t, web).composition, web);
    fc.assert(
      fc.property(fc.constantFrom(...HOSTILE), fc.constantFrom('root', 'segment', 'suffix', 'ctx', 'structured'), (name, where) => {
        const result =
          where === 'structured'
            ? fromStructured(JSON.parse(`{"multi_list": {${JSON.stringify(name)}: [{"|code": "x"}]}}`), t, web)
            : fromFlat(withKey(flat, { root: name, segment: `multi_list/${name}`, suffix: `multi_list/category|${name}`, ctx: `ctx/${name}` }[where]), t, web);
        expect(result.violations?.map((v) => v.kind)).toEqual(['unknown path']);
        expect(Object.keys(Object.prototype)).toEqual([]);
        expect(({} as Record<string, unknown>).code).toBeUndefined();
      }),
    );
  });
});

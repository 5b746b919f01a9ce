import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memberSteps, webTemplateId, withoutLastName } from '../../../../subgraphs/clinical/templates/web-template-names.ts';
import type { ComplexNode } from '../../../../subgraphs/clinical/templates/types.ts';

const cluster = (nodeId: string, names?: string[]): ComplexNode => ({
  kind: 'complex',
  rmType: 'CLUSTER',
  nodeId,
  occurrences: { min: 0, max: 1 },
  text: `term of ${nodeId}`,
  attributes: names
    ? [
        {
          name: 'name',
          multiple: false,
          existence: { min: 1, max: 1 },
          children: [
            {
              kind: 'complex',
              rmType: 'DV_TEXT',
              nodeId: '',
              occurrences: { min: 1, max: 1 },
              attributes: [
                {
                  name: 'value',
                  multiple: false,
                  existence: { min: 1, max: 1 },
                  children: [{ kind: 'primitive', rmType: 'STRING', nodeId: '', occurrences: { min: 1, max: 1 }, item: { type: 'STRING', list: names } }],
                },
              ],
            },
          ],
        },
      ]
    : [],
});

describe('web template ids (EHRbase buildId)', () => {
  it('keep accents and hyphens, fold the rest to single underscores, prefix a leading digit', () => {
    expect(webTemplateId('Körpergewicht')).toBe('körpergewicht');
    expect(webTemplateId('pH-Wert')).toBe('ph-wert');
    expect(webTemplateId('24 Stunden Durchschnitt')).toBe('a24_stunden_durchschnitt');
    expect(webTemplateId('*Any event(en)')).toBe('any_event_en');
    expect(webTemplateId('Timing - daily')).toBe('timing_-_daily');
  });

  it('are lower case runs of letters, digits, . _ - that never start with a digit, and are stable', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (name) => {
        const id = webTemplateId(name);
        expect(id).toMatch(/^[\p{Alphabetic}._-][\p{Alphabetic}0-9._-]*$/u);
        expect(id).toBe(id.toLowerCase());
        expect(webTemplateId(id)).toBe(id);
      }),
      { numRuns: 500 },
    );
    // Lowering İ gives i + U+0307 (a mark, not a letter): found by this property (seed -1950281757).
    expect(webTemplateId('İstanbul')).toBe('i_stanbul');
  });
});

describe('name predicates in aqlPaths', () => {
  const name = fc.string({ minLength: 1, maxLength: 20 });

  it("a fixed name is written into the step and withoutLastName takes it out again, whatever the name's characters", () => {
    fc.assert(
      fc.property(name, (n) => {
        const [step] = memberSteps([cluster('at0001', [n])], '/items');
        expect(step).toMatch(/^\/items\[at0001,'.*'\]$/);
        expect(withoutLastName(step ?? '')).toBe('/items[at0001]');
      }),
    );
  });

  it('siblings with one node id get distinct steps: the unnamed one takes its term text', () => {
    fc.assert(
      fc.property(name, (n) => {
        const steps = memberSteps([cluster('at0001', [n]), cluster('at0001'), cluster('at0002')], '/items');
        expect(steps[1]).toBe("/items[at0001,'term of at0001']");
        expect(steps[2]).toBe('/items[at0002]');
        expect(new Set(steps).size).toBe(3);
      }),
    );
  });

  it('identical unnamed twins keep one path (as EHRbase)', () => {
    expect(memberSteps([cluster('at0001'), cluster('at0001')], '/items')).toEqual(['/items[at0001]', '/items[at0001]']);
  });
});

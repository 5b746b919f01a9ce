import { describe, expect, it } from 'vitest';
import { template, templateFiles, webTemplateFixture } from '../../../kit/template-fixtures.ts';
import { webTemplate, type WebTemplateNode } from '../../../../subgraphs/clinical/templates/index.ts';

// Loosely typed on purpose: reading the EHRbase fixture.
type Json = any;

const skeleton = (n: Json, depth: number): unknown => ({
  id: n.id,
  rmType: n.rmType,
  min: n.min,
  max: n.max,
  nodeId: n.nodeId,
  aqlPath: n.aqlPath,
  ...(depth > 0 && n.children ? { children: n.children.map((c: Json) => skeleton(c, depth - 1)) } : {}),
});

const find = (n: WebTemplateNode, id: string): WebTemplateNode | undefined =>
  n.id === id ? n : n.children?.map((c) => find(c, id)).find((x) => x !== undefined);

describe('webTemplate', () => {
  const wt = webTemplate(template('Test_all_types.opt'));
  const fixture: Json = webTemplateFixture();

  it('has the EHRbase header and tree skeleton (ids, rmTypes, min/max of the top levels)', () => {
    expect({ ...wt, tree: undefined }).toEqual({ ...fixture, tree: undefined });
    expect(skeleton(wt.tree, 2)).toEqual(skeleton(fixture.tree, 2));
    expect(wt.tree.children?.map((c) => [c.id, c.rmType, c.min, c.max])).toEqual([
      ['category', 'DV_CODED_TEXT', 1, 1],
      ['context', 'EVENT_CONTEXT', 1, 1],
      ['test_all_types', 'OBSERVATION', 0, -1],
      ['test_all_types2', 'EVALUATION', 0, -1],
      ['test_all_types3', 'SECTION', 0, -1],
      ['composer', 'PARTY_PROXY', 1, 1],
      ['language', 'CODE_PHRASE', 1, 1],
      ['territory', 'CODE_PHRASE', 1, 1],
    ]);
  });

  it('matches the EHRbase nodes: inputs, code lists, units, patterns, choices, intervals', () => {
    const ids = ['quantity', 'coded_text', 'ordinal', 'datetime', 'duration_any', 'choice', 'interval_count', 'careflow_step', 'count_3'];
    for (const id of ids) {
      expect(find(wt.tree, id), id).toEqual(find(fixture.tree, id));
    }
  });

  it('is the same document as the EHRbase web template for Test_all_types.opt', () => {
    expect(wt).toEqual(fixture);
  });

  it.each(templateFiles())('%s: unique sibling ids, aqlPaths on every non-root node', (file) => {
    const check = (n: WebTemplateNode): void => {
      const ids = (n.children ?? []).map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const c of n.children ?? []) {
        expect(c.aqlPath).toMatch(/^\//);
        check(c);
      }
    };
    check(webTemplate(template(file)).tree);
  });

  it.each(templateFiles())('%s: every path extends its parent path, ids are EHRbase ids, occurrences are ordered', (file) => {
    const check = (n: WebTemplateNode, parentPath: string): void => {
      expect((n.aqlPath ?? '').startsWith(parentPath), `${n.aqlPath} extends ${parentPath}`).toBe(true);
      expect(n.id).toMatch(/^[\p{Alphabetic}._-][\p{Alphabetic}0-9._-]*$/u);
      if (n.max !== -1) expect(n.min).toBeLessThanOrEqual(n.max);
      for (const c of n.children ?? []) check(c, n.aqlPath ?? '');
    };
    check(webTemplate(template(file)).tree, '');
  });

  it('blood pressure: quantity ranges and precision (a single unit lends both to the magnitude, as in EHRbase), code lists with labels', () => {
    const bp = webTemplate(template('ehrbase_blood_pressure_simple.de.v0.opt')).tree;
    const systolic = find(bp, 'systolic');
    expect(systolic?.inputs).toEqual([
      {
        suffix: 'magnitude',
        type: 'DECIMAL',
        validation: { range: { min: 0, minOp: '>=', max: 1000, maxOp: '<' }, precision: { min: 0, minOp: '>=', max: 0, maxOp: '<=' } },
      },
      {
        suffix: 'unit',
        type: 'CODED_TEXT',
        list: [
          {
            value: 'mm[Hg]',
            label: 'mm[Hg]',
            validation: {
              range: { min: 0, minOp: '>=', max: 1000, maxOp: '<' },
              precision: { min: 0, minOp: '>=', max: 0, maxOp: '<=' },
            },
          },
        ],
      },
    ]);
  });
});

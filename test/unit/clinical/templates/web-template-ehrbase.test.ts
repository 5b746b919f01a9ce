import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENEHR_FIXTURES } from '../../../kit/fixtures.ts';
import { template } from '../../../kit/template-fixtures.ts';
import { countKinds, diffWebTemplates } from '../../../kit/web-template-diff.ts';
import { webTemplate } from '../../../../subgraphs/clinical/templates/index.ts';

// Each EHRbase reference web template (test/fixtures/openehr/web_templates) beside the OPT it was made from.
const PAIRS: Array<[reference: string, opt: string]> = [
  ['multi_occurrence.json', 'ehrbase_multi_occurrence.de.opt'],
  ['AlternativeEvents.json', 'AlternativeEvents.opt'],
  ['addiction.json', 'additciton_alcohol.opt'],
  ['test_all_types.json', 'Test_all_types.opt'],
  ['language_test.json', 'language_test.opt'],
  ['ips_template.json', 'ips.v0.opt'],
];

/** What still differs, per kind (docs/templates.md explains each); every other template is equal. */
const REMAINING: Record<string, Record<string, number>> = {
  'multi_occurrence.json': { rmType: 2, aqlPath: 2, inputs: 2, extra: 4 },
  'language_test.json': { inputs: 13, inContext: 2, rmType: 1, aqlPath: 1, extra: 2 },
  'ips_template.json': { inputs: 47, rmType: 13, aqlPath: 13, extra: 42, nodeId: 22, missing: 26, annotations: 18, min: 1 },
};

const reference = (file: string): unknown => JSON.parse(readFileSync(new URL(`web_templates/${file}`, OPENEHR_FIXTURES), 'utf8'));

describe('web template vs EHRbase reference (structure, inputs, annotations)', () => {
  it.each(PAIRS)('%s', (file, opt) => {
    const diffs = diffWebTemplates(webTemplate(template(opt)), reference(file));
    const remaining = REMAINING[file];
    if (remaining) expect(countKinds(diffs)).toEqual(remaining);
    else expect(diffs.slice(0, 20)).toEqual([]);
  });

  it('the comparison can fail: a changed aqlPath, a dropped node and emptied inputs are each reported', () => {
    type Node = { aqlPath?: string; inputs?: unknown[]; children?: Node[] };
    const ours = structuredClone(webTemplate(template('AlternativeEvents.opt'))) as unknown as { tree: Node };
    const leaves = (n: Node): Node[] => (n.children ?? []).flatMap((c) => (c.inputs ? [c] : leaves(c)));
    const [moved, emptied] = leaves(ours.tree);
    if (!moved || !emptied) throw new Error('fixture has too few leaves');
    moved.aqlPath = '/elsewhere';
    emptied.inputs = [];
    ours.tree.children?.pop();
    expect(countKinds(diffWebTemplates(ours, reference('AlternativeEvents.json')))).toEqual({ aqlPath: 1, inputs: 1, missing: 1 });
  });
});

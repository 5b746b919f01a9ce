import { describe, expect, it } from 'vitest';
import { validateComposition } from '../../../../subgraphs/clinical/canonical/index.ts';
import { composition, PAIRS, template } from '../../../kit/template-fixtures.ts';
import { validateAgainstTemplate } from '../../../../subgraphs/clinical/templates/index.ts';

describe('every shared composition validates against its shared template (SOURCES.md pairing)', () => {
  it.each(PAIRS)('%s ✓ %s', (compositionFile, templateFile) => {
    const doc = composition(compositionFile);
    validateComposition(doc); // the canonical (RM shape) validator accepts it too
    expect(validateAgainstTemplate(template(templateFile), doc)).toEqual([]);
  });

  it('covers every composition fixture but laboratory_report.json (no template)', () => {
    expect(PAIRS.map(([c]) => c)).toHaveLength(14);
  });

  it('documented leniency: with strictDatePatterns, the SDK data violates `yyyy-??-XX` (a full date)', () => {
    const violations = validateAgainstTemplate(template('Test_all_types.opt'), composition('all_types_systematic_tests.json'), { strictDatePatterns: true });
    expect(violations).toEqual([
      {
        path:
          '/content[openEHR-EHR-SECTION.test_all_types.v1]/items[at0001]/items[at0002]/items[openEHR-EHR-INSTRUCTION.test_all_types.v1]' +
          '/activities[at0001]/description[at0002]/items[at0003]/value/value',
        constraint: 'date_time_pattern',
        expected: 'matching yyyy-??-XX',
        actual: '20190114',
        jsonPath: '$.content[2].items[0].items[0].items[0].activities[0].description.items[0].value.value',
      },
    ]);
  });

  it('a composition for another template fails on template_id and on its entry', () => {
    const violations = validateAgainstTemplate(template('minimal_evaluation.opt'), composition('minimal_admin.json'));
    expect(violations.map((v) => [v.constraint, v.path, v.actual])).toEqual([
      ['template_id', '/archetype_details/template_id', 'minimal_admin.en.v1'],
      ['extra_node', '/content[openEHR-EHR-ADMIN_ENTRY.minimal.v1]', 'openEHR-EHR-ADMIN_ENTRY.minimal.v1'],
    ]);
  });
});

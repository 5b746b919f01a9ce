// Self-contradictory OPTs are recognised (templates/contradictions.ts); usable ones never are.
import { describe, expect, it } from 'vitest';
import { template, templateFiles } from '../../../kit/template-fixtures.ts';
import { compileTemplate, contradictions } from '../../../../subgraphs/clinical/templates/index.ts';
import { attribute, complex, element, interval, primitive, syntheticOpt } from './synthetic-opt.ts';

const count = (range: string) =>
  element('at0002', complex('DV_COUNT', '', attribute('magnitude', primitive('INTEGER', `<item xsi:type="C_INTEGER">${range}</item>`))), [1, 1]);
const percent = (denominator: string) =>
  element(
    'at0003',
    complex(
      'DV_PROPORTION',
      '',
      attribute('type', primitive('INTEGER', '<item xsi:type="C_INTEGER"><list>2</list></item>')) +
        attribute('denominator', primitive('REAL', `<item xsi:type="C_REAL">${denominator}</item>`)),
    ),
    [1, 1],
  );

describe('contradictions', () => {
  it.each(templateFiles())('%s has none', (file) => {
    expect(contradictions(template(file))).toEqual([]);
  });

  it('a range whose lower bound exceeds its upper one', () => {
    const found = contradictions(compileTemplate(syntheticOpt(count(interval('range', 5, 3)))));
    expect(found).toEqual([
      {
        path: '/content[openEHR-EHR-ADMIN_ENTRY.synthetic.v1]/data[at0001]/items[at0002]/value/magnitude',
        message: 'integer expected in [5, 3], but the constraints only allow 5',
      },
    ]);
  });

  it('a percent proportion whose template forbids the denominator 100 the RM requires', () => {
    const found = contradictions(compileTemplate(syntheticOpt(percent(interval('range', 1, 10)))));
    expect(found.map((c) => c.message)).toEqual(['real expected in [1, 10], but the constraints only allow 100']);
  });
});

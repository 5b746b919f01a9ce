// Element value choices as EHRbase builds them.
import type { ConstraintNode } from './types.ts';

/** The DV_CODED_TEXT alternative when an element's value is exactly DV_CODED_TEXT or DV_TEXT. */
export function textOrCoded(values: ConstraintNode[]): ConstraintNode | undefined {
  const types = values.map((v) => v.rmType).sort();
  return types.length === 2 && types[0] === 'DV_CODED_TEXT' && types[1] === 'DV_TEXT' ? values.find((v) => v.rmType === 'DV_CODED_TEXT') : undefined;
}

/** The data value types an unconstrained ELEMENT value may take, in EHRbase's order. */
export const ANY_VALUE_TYPES = [
  'DV_TEXT',
  'DV_CODED_TEXT',
  'DV_MULTIMEDIA',
  'DV_PARSABLE',
  'DV_STATE',
  'DV_BOOLEAN',
  'DV_IDENTIFIER',
  'DV_URI',
  'DV_EHR_URI',
  'DV_DURATION',
  'DV_QUANTITY',
  'DV_COUNT',
  'DV_PROPORTION',
  'DV_DATE_TIME',
  'DV_TIME',
  'DV_ORDINAL',
  'DV_DATE',
];

/** The id of a value choice: `quantity_value`, `date_time_value`, `interval_of_count_value` (`DV_INTERVAL<DV_COUNT>`). */
export function choiceId(rmType: string): string {
  const [outer = rmType, inner] = rmType.replace(/>$/, '').split('<');
  const name = (t: string) => t.replace(/^DV_/, '').toLowerCase();
  return inner === undefined ? `${name(outer)}_value` : `${name(outer)}_of_${name(inner)}_value`;
}

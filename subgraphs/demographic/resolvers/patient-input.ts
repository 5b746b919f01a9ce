import { badInput } from '../../../platform/errors/errors.ts';
import type { PatientInput } from '../generated/resolvers-types.ts';
import type { PatientFields } from '../model/rows.ts';

const MAX_TEXT = 200;

function text(value: string, argument: string): string {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > MAX_TEXT) {
    throw badInput(`${argument} must be 1 to ${MAX_TEXT} characters`, { argument });
  }
  return trimmed;
}

/** Checks a PatientInput and normalises it (trimmed names, no duplicate identifiers, no future birth date). */
export function patientFields(input: PatientInput): PatientFields {
  const given = (input.name.given ?? []).map((name, i) => text(name, `input.name.given[${i}]`));
  const family = text(input.name.family, 'input.name.family');
  const birthDate = input.birthDate ?? null;
  if (birthDate !== null && birthDate > new Date().toISOString().slice(0, 10)) {
    throw badInput('input.birthDate must not be in the future', { argument: 'input.birthDate' });
  }
  const identifiers = (input.identifiers ?? []).map((identifier, i) => ({
    system: text(identifier.system, `input.identifiers[${i}].system`),
    value: text(identifier.value, `input.identifiers[${i}].value`),
  }));
  const seen = new Set<string>();
  for (const [i, { system, value }] of identifiers.entries()) {
    const key = `${system}\u0000${value}`;
    if (seen.has(key)) throw badInput(`input.identifiers[${i}] repeats an identifier`, { argument: `input.identifiers[${i}]` });
    seen.add(key);
  }
  return { given, family, birthDate, sex: input.sex ?? null, identifiers };
}

import type { CallerAbility } from '../../kit/authz/types.ts';
import type { AqlAccess } from '../aql/index.ts';

const ENTRY_TYPES = new Set(['ENTRY', 'OBSERVATION', 'EVALUATION', 'INSTRUCTION', 'ACTION', 'ADMIN_ENTRY']);

const startsWith = (path: string, prefixes: string[]) => prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/**
 * The AQL paths a caller may not select or filter on: what the field rules hide in GraphQL
 * (subject ids, composer, facility, the people in entries), and for population-only callers
 * (policy `research.suppressRoles`, whose aggregates are suppressed) also the EHR id, which would
 * single out a person's records.
 */
export function identityPathRefusal(ability: CallerAbility, populationOnly: boolean): AqlAccess['refusePath'] {
  const hideSubject = !ability.can('read', 'Ehr', undefined, 'subjectId');
  const hidePeople = !ability.can('read', 'Composition', undefined, 'composer');
  const hideFacility = !ability.can('read', 'Composition', undefined, 'healthCareFacility');
  return (variableType, path) => {
    if (variableType === 'EHR') {
      if (hideSubject && startsWith(path, ['ehr_status'])) return 'the subject of an EHR is hidden from you';
      if (populationOnly && (path === '' || startsWith(path, ['ehr_id']))) return 'population queries do not return EHR ids';
    }
    // a whole composition or entry may name the people who recorded it deep inside: select paths instead
    if (hidePeople && path === '' && (variableType === 'COMPOSITION' || ENTRY_TYPES.has(variableType))) {
      return 'whole compositions and entries name the people who recorded them, which is hidden from you; select paths instead';
    }
    if (variableType === 'COMPOSITION') {
      if (hidePeople && startsWith(path, ['composer', 'context/participations'])) return 'who recorded a composition is hidden from you';
      if (hideFacility && startsWith(path, ['context/health_care_facility'])) return 'the facility of a composition is hidden from you';
    }
    if (ENTRY_TYPES.has(variableType) && hidePeople && startsWith(path, ['provider', 'other_participations'])) {
      return 'who recorded an entry is hidden from you';
    }
    return null;
  };
}

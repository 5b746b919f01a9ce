import { isUuid } from '../../kit/graphql/scalars.ts';
import type { EhrResolvers, PatientResolvers } from '../generated/resolvers-types.ts';

export const Patient: PatientResolvers = {
  // _entities arrives here without passing through Query: the same access layer decides.
  __resolveReference: (reference, { access }) => (isUuid(reference.id) ? access.patient(reference.id) : null),
  managingOrganisation: (patient) => patient.org,
  name: (patient) => ({ given: patient.given, family: patient.family }),
  identifiers: (patient, _, { access }) => access.identifiers(patient),
  ehr: (patient, _, { access }) => access.ehrOf(patient),
};

export const Ehr: EhrResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  patient: (ehr, _, { access }) => access.patientOfEhr(ehr.id),
};

import { isUuid } from '../../../common/scalars.ts';
import type { EhrResolvers, PatientResolvers } from '../generated/resolvers-types.ts';

export const Patient: PatientResolvers = {
  __resolveReference: (reference, { loaders }) => (isUuid(reference.id) ? loaders.patientById.load(reference.id) : null),
  name: (patient) => ({ given: patient.given, family: patient.family }),
  identifiers: (patient, _, { loaders }) => loaders.identifiersByPatient.load(patient.id),
  ehr: async (patient, _, { loaders }) => {
    const ehrId = await loaders.ehrIdByPatient.load(patient.id);
    return ehrId ? { id: ehrId } : null;
  },
};

export const Ehr: EhrResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  patient: async (ehr, _, { loaders }) => {
    if (!isUuid(ehr.id)) return null;
    const patientId = await loaders.patientIdByEhr.load(ehr.id);
    return patientId ? loaders.patientById.load(patientId) : null;
  },
};

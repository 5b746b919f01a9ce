import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { patientFields } from './patient-input.ts';

export const Mutation: MutationResolvers = {
  registerPatient: (_, { input }, { access }) => access.registerPatient(patientFields(input)),
  updatePatient: (_, { id, input }, { access }) => access.updatePatient(id, patientFields(input)),
  linkEhr: (_, { patientId, ehrId }, { access }) => access.linkEhr(patientId, ehrId),
};

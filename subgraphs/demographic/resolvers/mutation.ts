import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { patientFields } from './patient-input.ts';

export const Mutation: MutationResolvers = {
  registerPatient: (_, { input }, { access }) => access.registerPatient(patientFields(input)),
  updatePatient: (_, { id, input }, { access }) => access.updatePatient(id, patientFields(input)),
  transferPatient: (_, { id, org }, { access }) => access.transferPatient(id, org),
  linkEhr: (_, { patientId, ehrId }, { access }) => access.linkEhr(patientId, ehrId),
  setDemographicPolicy: (_, { document, expectedVersion }, { admin }) => admin.setPolicy(document, expectedVersion),
};

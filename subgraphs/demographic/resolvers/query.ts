import type { QueryResolvers } from '../generated/resolvers-types.ts';

export const Query: QueryResolvers = {
  patient: (_, { id }, { access }) => access.patient(id),
  patients: (_, args, { access }) => access.patients(args),
  demographicAuditEvents: (_, { filter, first, after }, { admin }) => admin.auditEvents(filter, first, after),
  demographicPolicy: (_, __, { admin }) => admin.policyInfo(),
};

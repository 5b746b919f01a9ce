import { auditEventsPage } from '../../kit/access/audit-query.ts';
import type { QueryResolvers } from '../generated/resolvers-types.ts';

export const Query: QueryResolvers = {
  patient: (_, { id }, { access }) => access.patient(id),
  patients: (_, args, { access }) => access.patients(args),
  demographicAuditEvents: (_, { filter, first, after }, { admin, guard }) => auditEventsPage(admin.db, guard, filter, first, after),
  demographicPolicy: (_, __, { admin, guard }) => {
    guard.require('read', 'Policy', undefined, []);
    return admin.policy.info();
  },
};

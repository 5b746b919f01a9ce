import { isUuid } from '../../kit/graphql/scalars.ts';
import type { EhrResolvers } from '../generated/resolvers-types.ts';

export const Ehr: EhrResolvers = {
  // _entities arrives here without passing through Query: the same access layer decides.
  __resolveReference: (reference, { access }) => (isUuid(reference.id) ? access.ehr(reference.id) : null),
  id: (ehr, _, { access }) => {
    access.requireEhrField(ehr, 'id');
    return ehr.id;
  },
  createdAt: (ehr, _, { access }) => {
    access.requireEhrField(ehr, 'createdAt');
    return ehr.createdAt;
  },
  subjectId: (ehr, _, { access }) => {
    access.requireEhrField(ehr, 'subjectId');
    return ehr.subjectId;
  },
  compositions: (ehr, { templateId, first, after }, { access }) => access.compositionsPage(ehr, templateId, first, after),
};

import type { QueryResolvers } from '../generated/resolvers-types.ts';

export const Query: QueryResolvers = {
  ehr: (_, { id }, { access }) => access.ehr(id),
  ehrBySubject: (_, { subjectId, subjectNamespace }, { access }) => access.ehrBySubject(subjectId, subjectNamespace),
  composition: (_, { uid }, { access }) => access.composition(uid),
  compositionVersions: (_, { objectId, first, afterVersion }, { access }) => access.compositionVersions(objectId, first, afterVersion),
  auditEvents: (_, { filter, first, after }, { admin }) => admin.auditEvents(filter, first, after),
  emergencyAccesses: (_, { since, first, after }, { emergency }) => emergency.list(since, first, after),
  templates: (_, __, { templates }) => templates.templates(),
  aql: (_, { query, parameters, offset, fetch }, { queries }) => queries.adHoc(query, { parameters, offset, fetch }),
  storedQueries: (_, { name }, { queries }) => queries.list(name),
  executeStoredQuery: (_, { name, version, parameters, offset, fetch }, { queries }) => queries.executeStored(name, version, { parameters, offset, fetch }),
  template: (_, { id }, { templates }) => templates.template(id),
  cohort: (_, { query }, { cohorts }) => cohorts.run(query),
  cohortElements: (_, __, { cohorts }) => cohorts.elements(),
  researchDisclosure: (_, __, { cohorts }) => cohorts.disclosure(),
  policy: (_, __, { admin }) => admin.policyInfo(),
  explainAccess: (_, { caller, ...question }, { admin }) => admin.explainAccess(caller, question),
  checkPolicy: (_, { document }, { admin }) => admin.checkPolicy(document),
  identityFindings: (_, { first }, { admin }) => admin.identityFindings(first),
};

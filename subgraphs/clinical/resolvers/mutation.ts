import type { MutationResolvers } from '../generated/resolvers-types.ts';

export const Mutation: MutationResolvers = {
  createEhr: (_, { subjectId, subjectNamespace }, { access }) => access.createEhr(subjectId, subjectNamespace),
  commitComposition: (_, { ehrId, ...input }, { access }) => access.commit(ehrId, input),
  updateComposition: (_, { precedingVersionUid, ...input }, { access }) => access.update(precedingVersionUid, input),
  deleteComposition: (_, { precedingVersionUid }, { access }) => access.delete(precedingVersionUid),
  revokeToken: (_, { jti, expiresAt }, { admin }) => admin.revokeToken(jti, expiresAt ? new Date(expiresAt) : null),
  storeQuery: (_, { name, version, query }, { queries }) => queries.store(name, version, query),
  // Typed as the arguments arrive: `overwrite: null`, sent explicitly, skips the SDL default (false).
  uploadTemplate: (_, { opt, overwrite }: { opt: string; overwrite: boolean | null }, { templates }) => templates.upload(opt, overwrite ?? false),
  reloadPolicies: (_, __, { admin }) => admin.reloadPolicies(),
  breakGlass: (_, { ehrId, reason, minutes }, { emergency }) => emergency.breakGlass(ehrId, reason, minutes),
};

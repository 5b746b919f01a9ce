import { randomUUID } from 'node:crypto';
import { badInput } from '../../../common/errors.ts';
import { commitDelete, commitNew, commitUpdate, type CommitSettings } from '../commits.ts';
import type { ClinicalContext } from '../context.ts';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { createEhr, DEFAULT_SUBJECT_NAMESPACE } from '../store/ehr-store.ts';

const settings = ({ db, systemId }: ClinicalContext): CommitSettings => ({ db, systemId, committer: null });

export const Mutation: MutationResolvers = {
  createEhr: (_, { subjectId, subjectNamespace }, { db }) =>
    createEhr(db, subjectId ?? randomUUID(), checkNamespace(subjectNamespace ?? DEFAULT_SUBJECT_NAMESPACE)),
  commitComposition: (_, { ehrId, composition }, context) => commitNew(settings(context), ehrId, composition),
  updateComposition: (_, { precedingVersionUid, composition }, context) =>
    commitUpdate(settings(context), precedingVersionUid, composition),
  deleteComposition: (_, { precedingVersionUid }, context) => commitDelete(settings(context), precedingVersionUid),
};

function checkNamespace(namespace: string): string {
  if (!/^[\w.:-]{1,100}$/.test(namespace)) {
    throw badInput('subjectNamespace must be 1 to 100 letters, digits, or . _ : -', { argument: 'subjectNamespace' });
  }
  return namespace;
}

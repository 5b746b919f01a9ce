import { isUuid } from '../../../common/scalars.ts';
import { badInput } from '../../../common/errors.ts';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { allVersions, latestVersion, versionOf } from '../store/composition-store.ts';
import { DEFAULT_SUBJECT_NAMESPACE, ehrBySubject } from '../store/ehr-store.ts';
import { parseVersionUid } from '../store/version-uid.ts';

export const Query: QueryResolvers = {
  ehr: (_, { id }, { loaders }) => loaders.ehrById.load(id),
  ehrBySubject: (_, { subjectId, subjectNamespace }, { db }) =>
    ehrBySubject(db, subjectId, subjectNamespace ?? DEFAULT_SUBJECT_NAMESPACE),
  composition: async (_, { uid }, { db, systemId }) => {
    if (isUuid(uid)) return latestVersion(db, uid.toLowerCase());
    const version = parseVersionUid(uid);
    if (!version) {
      throw badInput(`uid must be an object id (UUID) or a version uid objectId::systemId::version, found "${uid}"`, {
        argument: 'uid',
      });
    }
    return version.systemId === systemId ? versionOf(db, version.objectId, version.version) : null;
  },
  compositionVersions: (_, { objectId }, { db }) => allVersions(db, objectId),
};

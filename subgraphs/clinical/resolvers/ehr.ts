import { connection, decodeCursor, pageSize } from '../../../common/pagination.ts';
import { isUuid } from '../../../common/scalars.ts';
import type { EhrResolvers } from '../generated/resolvers-types.ts';
import { livePage } from '../store/composition-store.ts';

const isPageKey = (key: unknown[]) =>
  key.length === 2 && typeof key[0] === 'string' && !Number.isNaN(Date.parse(key[0])) && isUuid(key[1]);

export const Ehr: EhrResolvers = {
  __resolveReference: (reference, { loaders }) => (isUuid(reference.id) ? loaders.ehrById.load(reference.id) : null),
  compositions: async (ehr, { templateId, first, after }, { db }) => {
    const size = pageSize(first);
    const key = after ? decodeCursor(after, isPageKey) : null;
    const rows = await livePage(db, {
      ehrId: ehr.id,
      templateId: templateId ?? null,
      first: size,
      after: key ? { committedAt: new Date(key[0] as string), objectId: key[1] as string } : null,
    });
    return connection(rows, size, (row) => [row.committedAt.toISOString(), row.objectId]);
  },
};

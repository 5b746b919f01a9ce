import { connection, decodeCursor, pageSize } from '../../../common/pagination.ts';
import { isUuid } from '../../../common/scalars.ts';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { identifierIndex, searchPatients } from '../store/patient-store.ts';

const isPageKey = (key: unknown[]) => key.length === 2 && typeof key[0] === 'string' && isUuid(key[1]);

export const Query: QueryResolvers = {
  patient: (_, { id }, { loaders }) => loaders.patientById.load(id),
  patients: async (_, { name, birthDate, identifier, first, after }, { db, cipher }) => {
    const size = pageSize(first);
    const key = after ? decodeCursor(after, isPageKey) : null;
    const rows = await searchPatients(db, {
      namePrefix: name?.trim() || null,
      birthDate: birthDate ?? null,
      identifierIndex: identifier ? identifierIndex(cipher, identifier) : null,
      first: size,
      after: key ? { family: key[0] as string, id: key[1] as string } : null,
    });
    return connection(rows, size, (row) => [row.sortKey, row.id]);
  },
};

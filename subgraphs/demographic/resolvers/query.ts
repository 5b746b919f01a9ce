import { connection, decodeCursor, pageSize } from '../../../common/pagination.ts';
import { isUuid } from '../../../common/scalars.ts';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { identifierIndex, searchPatients } from '../store/patient-store.ts';

const isPageKey = (key: unknown[]) =>
  key.length === 3 &&
  typeof key[0] === 'string' &&
  Array.isArray(key[1]) &&
  key[1].every((name) => typeof name === 'string') &&
  isUuid(key[2]);

export const Query: QueryResolvers = {
  patient: (_, { id }, { loaders }) => loaders.patientById.load(id),
  patients: async (_, { name, birthDate, identifier, first, after }, { db, cipher }) => {
    const size = pageSize(first);
    const key = after ? decodeCursor(after, isPageKey) : null;
    const rows = await searchPatients(db, {
      namePrefix: name?.trim() || null,
      birthDate: birthDate ?? null,
      identifierIndex: identifier
        ? identifierIndex(cipher, { system: identifier.system.trim(), value: identifier.value.trim() })
        : null,
      first: size,
      after: key ? { family: key[0] as string, given: key[1] as string[], id: key[2] as string } : null,
    });
    return connection(rows, size, (row) => [row.sortKey, row.given, row.id]);
  },
};

import DataLoader from 'dataloader';
import type { CallerAbility } from '../../kit/authz/types.ts';
import type { CompositionRow, EhrRow } from '../model/rows.ts';
import type { PageKey } from './composition-pages.ts';
import type { CompositionStore } from './composition-store.ts';
import type { EhrStore } from './ehr-store.ts';

/**
 * One request's batched look-ups by key: everything the resolvers of one request ask for in the
 * same tick becomes one statement (`_entities` with 100 EHRs: one statement for the EHRs, one for
 * their composition pages). Created for one caller and dropped with the request; only the
 * caller-scoped access layer uses them, and it checks what they return.
 */
export interface ClinicalLoaders {
  /** EHRs by id (null when there is none); the access layer checks each one. */
  ehrs: DataLoader<string, EhrRow | null>;
  /** Pages of live compositions by EHR, the caller's read rules applied inside the SQL. */
  compositionPages: DataLoader<PageKey, CompositionRow[], string>;
}

const pageCacheKey = (key: PageKey) =>
  JSON.stringify([key.ehrId, key.templateId, key.limit, key.after?.committedAt.toISOString() ?? null, key.after?.objectId ?? null]);

export function createClinicalLoaders(store: { ehrs: EhrStore; compositions: CompositionStore }, ability: CallerAbility): ClinicalLoaders {
  return {
    ehrs: new DataLoader((ids: readonly string[]) => store.ehrs.byIds(ids)),
    compositionPages: new DataLoader((keys: readonly PageKey[]) => store.compositions.livePages(keys, ability), { cacheKeyFn: pageCacheKey }),
  };
}

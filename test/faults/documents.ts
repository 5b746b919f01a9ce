import { expect } from 'vitest';
import { validateComposition } from '../../subgraphs/clinical/canonical/index.ts';
import { fixtureNames, loadFixture, withAnonymousFeeds } from '../kit/fixtures.ts';

export type Json = Record<string, unknown>;

export const COMMIT = `mutation($ehrId: UUID!, $c: JSON!) { commitComposition(ehrId: $ehrId, composition: $c) { uid } }`;
export const UPDATE = `mutation($p: String!, $c: JSON!) { updateComposition(precedingVersionUid: $p, composition: $c) { uid version } }`;
export const READ = `query($uid: String!) { composition(uid: $uid) { uid canonical entries { path } } }`;

/** The real openEHR canonical JSON fixtures, in a stable order. */
export const FIXTURES = fixtureNames();

/**
 * A fixture whose composition name carries `label`, so that every committed document differs from the others
 * (with anonymous feeds: EHRbase's max_v2/v3 name a patient there, which commits refuse).
 */
export function labelledFixture(name: string, label: string): Json {
  const document = withAnonymousFeeds(loadFixture(name)) as Json;
  document.name = { _type: 'DV_TEXT', value: label };
  return document;
}

/** Entries the store should extract from a document (one row each in `entries`). */
export const entryCountOf = (document: unknown) => validateComposition(document).entries.length;

/** The stored document is the committed one, key order included, apart from the uid the server assigns. */
export function expectSameDocument(stored: unknown, sent: unknown): void {
  const { uid: _storedUid, ...storedRest } = stored as Json;
  const { uid: _sentUid, ...sentRest } = sent as Json;
  expect(JSON.stringify(storedRest)).toBe(JSON.stringify(sentRest));
}

/** Runs `work` over `items` with at most `limit` in flight at once. */
export async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

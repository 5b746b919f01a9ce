import { badInput } from '../../../platform/errors/errors.ts';
import { MAX_PAGE_SIZE } from '../../../platform/limits/caps.ts';
import type { CursorCodec } from './sealed-cursors.ts';

export const DEFAULT_PAGE_SIZE = 20;
export { MAX_FETCH_ROWS, MAX_PAGE_SIZE } from '../../../platform/limits/caps.ts';

/** Checks a connection's `first` argument: 1..MAX_PAGE_SIZE. */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}, found ${size}`, { argument: 'first' });
  }
  return size;
}

/** Plain cursors: base64url of a JSON array of the sort key (sealed-cursors.ts hides the key too). */
export const plainCursors: CursorCodec = {
  encode: (key) => Buffer.from(JSON.stringify(key)).toString('base64url'),
  decode(cursor) {
    try {
      return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  },
};

export function decodeCursor(cursor: string, isValid: (key: unknown[]) => boolean, codec: CursorCodec = plainCursors): unknown[] {
  const key = codec.decode(cursor);
  if (!Array.isArray(key) || !isValid(key)) {
    throw badInput('after is not a cursor returned by this connection', { argument: 'after' });
  }
  return key;
}

/** Builds a connection from rows fetched with one extra row beyond `first`. */
export function connection<Row>(rows: Row[], first: number, keyOf: (row: Row) => readonly unknown[], codec: CursorCodec = plainCursors) {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: codec.encode(keyOf(node)), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor } from '../../../../subgraphs/kit/graphql/pagination.ts';
import { sealedCursors } from '../../../../subgraphs/kit/graphql/sealed-cursors.ts';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const codec = sealedCursors(SECRET, 'composition pages');
const pageKey = fc.tuple(
  fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.uuid(),
);

describe('sealed cursors', () => {
  it('give the key back, and show none of it (no time, no id, not even as base64 of its JSON)', () => {
    fc.assert(
      fc.property(pageKey, (key) => {
        const cursor = codec.encode(key);
        expect(codec.decode(cursor)).toEqual(key);
        const bytes = Buffer.from(cursor, 'base64url').toString('latin1');
        for (const part of key) {
          expect(cursor).not.toContain(part);
          expect(bytes).not.toContain(part);
          expect(cursor).not.toContain(Buffer.from(JSON.stringify(part)).toString('base64url').slice(2, 14));
        }
        // The same key seals differently each time: two cursors cannot be compared for equality.
        expect(codec.encode(key)).not.toBe(cursor);
      }),
    );
  });

  it('refuse a flipped byte, a cursor sealed with another secret or for another purpose, and a plain base64 key', () => {
    fc.assert(
      fc.property(pageKey, fc.nat(), (key, position) => {
        const sealed = Buffer.from(codec.encode(key), 'base64url');
        const index = position % sealed.length;
        sealed[index] = (sealed[index] ?? 0) ^ 0x01;
        expect(codec.decode(sealed.toString('base64url'))).toBeUndefined();
        expect(codec.decode(sealedCursors(`${SECRET}x`, 'composition pages').encode(key))).toBeUndefined();
        expect(codec.decode(sealedCursors(SECRET, 'audit pages').encode(key))).toBeUndefined();
        const plain = Buffer.from(JSON.stringify(key)).toString('base64url');
        expect(() => decodeCursor(plain, () => true, codec)).toThrow('after is not a cursor returned by this connection');
      }),
    );
  });
});

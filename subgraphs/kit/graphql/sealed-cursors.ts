import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Encodes and decodes the sort key of a connection's cursors. */
export interface CursorCodec {
  encode(key: readonly unknown[]): string;
  /** The key, or undefined when `cursor` is not one this codec made. */
  decode(cursor: string): unknown;
}

/**
 * Cursors sealed with AES-256-GCM under a key derived from a service secret: a caller learns nothing
 * from a cursor (a composition page's key is its commit time and object id, which stand in for the
 * record), and cannot forge one. Every replica with the same secret reads every other's cursors.
 */
export function sealedCursors(secret: string, purpose: string): CursorCodec {
  const key = Buffer.from(hkdfSync('sha256', secret, 'clinical-federation cursors', purpose, 32));
  return {
    encode(sortKey) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(sortKey), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    decode(cursor) {
      const sealed = Buffer.from(cursor, 'base64url');
      if (sealed.length < 29) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
        decipher.setAuthTag(sealed.subarray(12, 28));
        return JSON.parse(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8')) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}

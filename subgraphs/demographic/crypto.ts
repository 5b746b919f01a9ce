import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Parses a 32-byte key written as 64 hex characters or base64. */
export function parseKey(text: string): Buffer | null {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : null;
}

/** Reads the key file, or creates one with a fresh random key (embedded default only). */
export function loadOrCreateKeyFile(path: string, warn: (message: string) => void): Buffer {
  if (existsSync(path)) {
    const key = parseKey(readFileSync(path, 'utf8'));
    if (!key) throw new Error(`${path} does not hold a 32-byte key (64 hex characters or base64)`);
    return key;
  }
  const key = randomBytes(32);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600 });
  warn(`Generated a link encryption key at ${path}. Back it up: without it the patient → EHR links cannot be read. Set LINK_ENCRYPTION_KEY in production.`);
  return key;
}

/**
 * Encryption and blind indexes for the demographic store. Two sub-keys are derived from the one
 * configured key, so the index key never doubles as the encryption key.
 */
export class FieldCipher {
  private readonly encryptionKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(masterKey: Buffer) {
    this.encryptionKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'demographic/aes-256-gcm', 32));
    this.indexKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'demographic/blind-index', 32));
  }

  /** `context` (e.g. the patient id) is authenticated but not stored: a ciphertext moved to another row fails to decrypt. */
  encrypt(plaintext: string, context: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Uint8Array, context: string): string {
    const data = Buffer.from(sealed);
    if (data[0] !== FORMAT_VERSION) throw new Error('Unknown ciphertext format');
    const iv = data.subarray(1, 1 + IV_BYTES);
    const tag = data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, iv);
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /** Keyed hash for equality look-ups; `kind` separates the index spaces (identifiers, EHR ids). */
  blindIndex(kind: string, ...parts: string[]): Buffer {
    return createHmac('sha256', this.indexKey)
      .update([kind, ...parts].join('\u0000'))
      .digest();
  }
}

/**
 * CHT's credential encryption, kept exactly so vigil and CHT read each other's vault: AES-256-CBC,
 * stored as `<iv hex>:<ciphertext hex>`, key = the secret's UTF-8 bytes repeated (or truncated) to
 * 32 bytes.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-cbc';
const KEY_BYTES = 32;
const IV_BYTES = 16;

/** The 32-byte key from a secret string: its bytes repeated to fill, or cut. */
export function deriveKey(secret: string): Buffer {
  if (!secret) throw new Error('the encryption secret is empty');
  return Buffer.alloc(KEY_BYTES, secret, 'utf8');
}

export function encrypt(plain: string, key: Buffer, iv: Buffer = randomBytes(IV_BYTES)): string {
  const cipher = createCipheriv(ALGORITHM, key, iv);
  const encrypted = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${iv.toString('hex')}:${encrypted.toString('hex')}`;
}

export function decrypt(stored: string, key: Buffer): string {
  const [ivHex, ...rest] = String(stored).split(':');
  const iv = Buffer.from(ivHex, 'hex');
  if (iv.length !== IV_BYTES || rest.length === 0) throw new Error('the stored credential is not in "<iv hex>:<ciphertext hex>" form');
  const decipher = createDecipheriv(ALGORITHM, key, iv);
  return Buffer.concat([decipher.update(Buffer.from(rest.join(':'), 'hex')), decipher.final()]).toString('utf8');
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new API token secret: 32 random bytes, base64url, with a prefix that makes leaked ones greppable. */
export function newTokenSecret(): string {
  return `llmops_${randomBytes(32).toString('base64url')}`;
}

/** What is stored: the sha256 (hex) of the secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two hex hashes without leaking, through timing, how much of them matched. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret for cookies, bearer tokens and invitation links: 256 random bits, URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * What the database stores instead of a secret: HMAC-SHA256 keyed with SESSION_SECRET. A copy of the
 * database alone neither reveals live secrets nor lets anyone forge one.
 */
export function secretHash(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

/** Constant-time string comparison (CSRF tokens). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

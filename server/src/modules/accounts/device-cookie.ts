import { randomToken, sameSecret, secretHash } from './secrets.ts';

/**
 * The device cookie: proof that this browser signed in to an account before. It is set on every
 * successful sign-in, lives long, is HttpOnly and only sent to the sign-in routes. It is no credential
 * on its own: it only lets the right password through while the account is slowed down by someone
 * else's failures (the device's own failures, and its address's, are still limited).
 *
 * Value: `<userId>.<deviceId>.<issued, base36 seconds>.<HMAC-SHA256 of those, keyed with SESSION_SECRET>`.
 */
export const DEVICE_COOKIE = 'kq_device';
export const DEVICE_COOKIE_PATH = '/api/auth';

const mac = (secret: string, payload: string) => secretHash(secret, `device-cookie:${payload}`);

/** A device cookie value for `userId`; keeps `deviceId` when given (a known device signing in again). */
export function issueDeviceCookie(secret: string, userId: string, deviceId?: string | null, now = Date.now()): string {
  const payload = `${userId}.${deviceId ?? randomToken(16)}.${Math.floor(now / 1000).toString(36)}`;
  return `${payload}.${mac(secret, payload)}`;
}

/** The device id of a cookie value when it is genuine, for `userId`, and younger than `maxAgeMs`; else null. */
export function deviceIdOf(
  secret: string,
  value: string | undefined | null,
  userId: string,
  maxAgeMs: number,
  now = Date.now(),
): string | null {
  if (!value || value.length > 300) return null;
  const parts = value.split('.');
  if (parts.length !== 4) return null;
  const [owner, deviceId, issued, sig] = parts;
  if (!sameSecret(sig, mac(secret, `${owner}.${deviceId}.${issued}`))) return null;
  if (owner !== userId) return null;
  const issuedMs = Number.parseInt(issued, 36) * 1000;
  if (!Number.isFinite(issuedMs) || issuedMs > now + 60_000 || now - issuedMs > maxAgeMs) return null;
  return deviceId;
}

import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether a cookie-authenticated request comes from our own pages. Browsers attach the session cookie to
 * websocket handshakes and form posts from other sites of the same "site"; the Origin header tells them
 * apart. Allowed: no Origin (not a browser), PUBLIC_URL's origin, or the origin of the Host asked for.
 */
export function originAllowed(headers: IncomingHttpHeaders, publicUrl: string): boolean {
  const origin = headers.origin;
  if (!origin) return true;
  if (origin === 'null') return false;
  if (origin === new URL(publicUrl).origin) return true;
  const host = headers['x-forwarded-host'] ?? headers.host;
  return !!host && (origin === `http://${host}` || origin === `https://${host}`);
}

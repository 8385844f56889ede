import { sameSecret, secretHash } from '../secrets.ts';

/**
 * The sign-in in flight between `POST /api/auth/sso/start` and the provider's redirect back: state,
 * nonce and PKCE verifier, kept in the browser as a short-lived, signed, HttpOnly cookie that only the
 * callback path receives. Signed with SESSION_SECRET, so it cannot be forged; bound to the browser
 * that started the sign-in, so a code sent to another browser (login CSRF) finds no matching state.
 *
 * Value: `<base64url JSON>.<HMAC-SHA256 of it>`.
 */
export const FLOW_COOKIE = 'kq_sso';
export const FLOW_COOKIE_PATH = '/api/auth/sso';
/** How long a sign-in at the provider may take. */
export const FLOW_MAX_AGE_MS = 10 * 60_000;

export interface Flow {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to land after sign-in (a same-site path). */
  next: string;
  /** Issued at, ms since the epoch. */
  at: number;
}

const mac = (secret: string, payload: string) => secretHash(secret, `sso-flow:${payload}`);

export function sealFlow(secret: string, flow: Flow): string {
  const payload = Buffer.from(JSON.stringify(flow)).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The flow of a cookie value when it is genuine and younger than {@link FLOW_MAX_AGE_MS}; else null. */
export function openFlow(secret: string, value: string | undefined, now = Date.now()): Flow | null {
  if (!value || value.length > 4096) return null;
  const [payload, sig, extra] = value.split('.');
  if (!payload || !sig || extra !== undefined || !sameSecret(sig, mac(secret, payload))) return null;
  try {
    const flow = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Flow;
    if (typeof flow.state !== 'string' || typeof flow.at !== 'number') return null;
    if (now - flow.at > FLOW_MAX_AGE_MS || flow.at > now + 60_000) return null;
    return flow;
  } catch {
    return null;
  }
}

/**
 * Single sign-on with OpenID Connect (issue 20). Parsed from the environment by config.ts (the only
 * reader of it); used by modules/accounts/sso/.
 *
 * All or nothing: OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_ROLE_CLAIM together switch
 * sign-in with the city's identity provider on; a part of them is an error naming the missing ones.
 * OIDC_STAFF_VALUES lists the values of the role claim that make an account staff (comma-separated,
 * default `staff`); OIDC_SCOPES the scopes asked for (default `openid email profile`).
 */
export interface OidcSettings {
  /** The provider's issuer URL (its discovery document is `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claim (ID token or userinfo) whose values decide the role, e.g. `groups`. */
  roleClaim: string;
  /** Values of the role claim that make the account staff. */
  staffValues: string[];
  /** Scopes asked for; always includes `openid`. */
  scopes: string;
}

/** The environment variables read here, as strings (already without empty values). */
export interface OidcEnv {
  OIDC_ISSUER?: string;
  OIDC_CLIENT_ID?: string;
  OIDC_CLIENT_SECRET?: string;
  OIDC_ROLE_CLAIM?: string;
  OIDC_STAFF_VALUES?: string;
  OIDC_SCOPES?: string;
}

/** A problem with one variable: its name and a German-first message (German / English). */
export interface OidcProblem {
  variable: keyof OidcEnv;
  message: string;
}

const REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_CLAIM'] as const;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or http to this machine only (development and the tests' provider). */
function issuerProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'keine gültige URL / not a valid URL';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return null;
  return 'muss mit https:// beginnen (http:// nur für localhost) / must start with https:// (http:// only for localhost)';
}

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function parseOidcSettings(env: OidcEnv): { settings?: OidcSettings; problems: OidcProblem[] } {
  const given = REQUIRED.filter((name) => env[name] !== undefined);
  const optionalGiven = env.OIDC_STAFF_VALUES !== undefined || env.OIDC_SCOPES !== undefined;
  if (given.length === 0) {
    if (!optionalGiven) return { problems: [] };
    const variable = env.OIDC_STAFF_VALUES !== undefined ? 'OIDC_STAFF_VALUES' : 'OIDC_SCOPES';
    return {
      problems: [
        {
          variable,
          message:
            'wirkt nur zusammen mit OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET und OIDC_ROLE_CLAIM / only works together with OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_ROLE_CLAIM',
        },
      ],
    };
  }
  const problems: OidcProblem[] = [];
  for (const name of REQUIRED) {
    if (env[name] === undefined) {
      problems.push({
        variable: name,
        message: `fehlt: Anmeldung mit Dienstkonto braucht ${REQUIRED.join(', ')} / missing: single sign-on needs all of ${REQUIRED.join(', ')}`,
      });
    }
  }
  if (env.OIDC_ISSUER !== undefined) {
    const p = issuerProblem(env.OIDC_ISSUER);
    if (p) problems.push({ variable: 'OIDC_ISSUER', message: p });
  }
  if (env.OIDC_ROLE_CLAIM !== undefined && !/^[A-Za-z0-9_.:/-]+$/.test(env.OIDC_ROLE_CLAIM)) {
    problems.push({
      variable: 'OIDC_ROLE_CLAIM',
      message: 'Name eines Claims erwartet, z. B. groups / expected a claim name, e.g. groups',
    });
  }
  const staffValues = list(env.OIDC_STAFF_VALUES ?? 'staff');
  if (!staffValues.length) {
    problems.push({ variable: 'OIDC_STAFF_VALUES', message: 'mindestens ein Wert erwartet / expected at least one value' });
  }
  const scopes = list((env.OIDC_SCOPES ?? 'openid email profile').replace(/\s+/g, ','));
  if (!scopes.includes('openid')) {
    problems.push({ variable: 'OIDC_SCOPES', message: 'muss openid enthalten / must include openid' });
  }
  if (problems.length) return { problems };
  return {
    settings: {
      issuer: env.OIDC_ISSUER!,
      clientId: env.OIDC_CLIENT_ID!,
      clientSecret: env.OIDC_CLIENT_SECRET!,
      roleClaim: env.OIDC_ROLE_CLAIM!,
      staffValues,
      scopes: scopes.join(' '),
    },
    problems: [],
  };
}

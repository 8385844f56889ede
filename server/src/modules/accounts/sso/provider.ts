import type * as Oidc from 'openid-client';
import type { OidcSettings } from '../../../platform/oidc-settings.ts';

/** openid-client, loaded with the first sign-in through the provider, not at start (issue 19). */
let loaded: typeof Oidc | undefined;
async function loadOidc(): Promise<typeof Oidc> {
  loaded ??= await import('openid-client');
  return loaded;
}

/** The identity provider could not be reached (discovery, token or userinfo request). */
export class ProviderUnreachable extends Error {
  constructor(cause: unknown) {
    super('the identity provider cannot be reached', { cause });
    this.name = 'ProviderUnreachable';
  }
}

/** What a finished authorization code grant yields. */
export interface ProviderSignIn {
  issuer: string;
  subject: string;
  /** ID token claims, completed from the userinfo endpoint when the ID token lacks e-mail or the role claim. */
  claims: Record<string, unknown>;
  idToken: string;
}

/** Network failures and timeouts, as fetch reports them (not the provider's refusals). */
function isNetworkFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return true;
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) return true;
  if (loaded && err instanceof loaded.ClientError && err.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && /5\d\d/.test(err.message))
    return true;
  return err.cause !== undefined && isNetworkFailure(err.cause);
}

/**
 * The city's identity provider through openid-client (v6): discovery (cached once it succeeded, retried
 * on the next sign-in when it failed), the authorization URL with PKCE (S256), state and nonce, the code
 * grant with its checks, and the end-session URL. Client authentication: client_secret_post.
 */
export class OidcProvider {
  #config: Promise<Oidc.Configuration> | null = null;

  constructor(
    private readonly settings: OidcSettings,
    private readonly redirectUri: string,
    private readonly opts: { timeoutSeconds: number } = { timeoutSeconds: 5 },
  ) {}

  /** The provider's configuration; throws {@link ProviderUnreachable} when discovery fails. */
  configuration(): Promise<Oidc.Configuration> {
    if (!this.#config) {
      const { issuer, clientId, clientSecret } = this.settings;
      const url = new URL(issuer);
      // http:// only for loopback issuers (config.ts refuses others): development and the tests' provider.
      this.#config = loadOidc()
        .then((oidc) => {
          const execute = url.protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
          return oidc.discovery(url, clientId, clientSecret, undefined, { execute, timeout: this.opts.timeoutSeconds });
        })
        .then((config) => {
          config.timeout = this.opts.timeoutSeconds;
          return config;
        })
        .catch((err: unknown) => {
          this.#config = null;
          throw new ProviderUnreachable(err);
        });
    }
    return this.#config;
  }

  /** Where to send the browser, with fresh state, nonce and PKCE verifier to keep until it returns. */
  async authorizationUrl(): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }> {
    const config = await this.configuration();
    const oidc = await loadOidc();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /**
   * Redeems the code of the authorization response (`search`: the callback's query string) after
   * checking state, nonce, PKCE and the ID token. Throws {@link ProviderUnreachable} on network failures,
   * else openid-client's errors (a refusal by the provider, a failed check).
   */
  async signIn(search: string, checks: { state: string; nonce: string; codeVerifier: string }): Promise<ProviderSignIn> {
    const config = await this.configuration();
    const oidc = await loadOidc();
    const current = new URL(this.redirectUri);
    current.search = search;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims || !tokens.id_token) throw new Error('no ID token');
      let claims: Record<string, unknown> = { ...idClaims };
      const incomplete = claims.email === undefined || !(this.settings.roleClaim.split('.')[0] in claims);
      if (incomplete && config.serverMetadata().userinfo_endpoint) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        // The ID token's claims win; userinfo only adds what it lacks.
        claims = { ...info, ...claims };
      }
      return { issuer: idClaims.iss, subject: idClaims.sub, claims, idToken: tokens.id_token };
    } catch (err) {
      if (isNetworkFailure(err)) throw new ProviderUnreachable(err);
      throw err;
    }
  }

  /**
   * The provider's logout address for a session signed in with `idToken` (RP-initiated logout), or null
   * when the provider has no end_session_endpoint or cannot be reached (then only our session ends).
   */
  async endSessionUrl(idToken: string, postLogoutRedirectUri: string): Promise<string | null> {
    let config: Oidc.Configuration;
    try {
      config = await this.configuration();
    } catch {
      return null;
    }
    if (!config.serverMetadata().end_session_endpoint) return null;
    const oidc = await loadOidc();
    return oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: postLogoutRedirectUri }).href;
  }
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/**
 * A real OpenID Connect provider for the single sign-on tests (issue 20): `oidc-provider` from npm on a
 * free port of this machine, nothing fetched from elsewhere. One confidential client (`planner`,
 * client_secret_post) that must use PKCE; its people come from `users` and may be changed between
 * sign-ins (a person removed from a group). The claims `email`, `name` and `groups` are asked for with
 * the scopes `email`, `profile` and `groups` and, as with many providers, are delivered by the userinfo
 * endpoint, not in the ID token.
 *
 * Its sign-in page is a minimal form of this file (`/interaction/<uid>`: Benutzername, Passwort; every
 * person's password is {@link PROVIDER_PASSWORD}); consent is given for the first-party client.
 * The logout page (end_session_endpoint) asks „Beim Anmeldedienst abmelden?“ with a button „Ja, abmelden“.
 * None of its pages loads anything from elsewhere (the library's default pages would load a web font).
 */
export interface ProviderUser {
  email: string;
  name: string;
  groups: string[];
}

export const PROVIDER_PASSWORD = 'dienstkonto';
export const CLIENT_ID = 'planner';
export const CLIENT_SECRET = 'planner-test-client-secret-0123456789';

export interface TestProvider {
  issuer: string;
  /** Persons by their login name (which is also their subject). */
  users: Map<string, ProviderUser>;
  /** How often a logout at the provider succeeded (end_session). */
  endSessions: number;
  /** The authorization requests it received, as their query parameters. */
  authorizations: URLSearchParams[];
  close(): Promise<void>;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function formOf(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

export async function startOidcProvider(opts: { redirectUri: string; postLogoutRedirectUri: string }): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const users = new Map<string, ProviderUser>();
  const state: TestProvider = {
    issuer,
    users,
    endSessions: 0,
    authorizations: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [opts.redirectUri],
        post_logout_redirect_uris: [opts.postLogoutRedirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    async findAccount(_ctx, sub) {
      if (!users.has(sub)) return undefined;
      return {
        accountId: sub,
        // Read at each request: a change of `users` shows at the next sign-in.
        async claims() {
          const u = users.get(sub)!;
          return { sub, email: u.email, email_verified: true, name: u.name, groups: [...u.groups] };
        },
      };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Consent for the first-party client (the planner) is given: no consent page.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const clientId = ctx.oidc.client!.clientId;
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      return grant;
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = page(
            'Beim Anmeldedienst abmelden?',
            `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, abmelden</button>`,
          );
        },
      },
    },
    // Its own error page: the default one loads a web font from the internet.
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Fehler beim Anmeldedienst', `<pre>${escapeHtml(JSON.stringify(out))}</pre>`);
    },
    cookies: { keys: ['test-provider-cookie-key-0123456789abcdef'] },
    ttl: { Interaction: 600, Grant: 3600, Session: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  });
  provider.on('end_session.success', () => {
    state.endSessions++;
  });
  provider.on('authorization.accepted', (ctx: KoaContextWithOIDC) => {
    state.authorizations.push(new URLSearchParams(ctx.querystring));
  });
  const oidcCallback = provider.callback();

  const loginForm = (uid: string, error = '') =>
    page(
      'Anmeldedienst der Stadt',
      `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}<form method="post" action="/interaction/${uid}/login">` +
        '<label for="login">Benutzername</label> <input id="login" name="login" autocomplete="username">' +
        '<label for="password">Passwort</label> <input id="password" name="password" type="password" autocomplete="current-password">' +
        '<button type="submit">Beim Anmeldedienst anmelden</button></form>',
    );

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const m = req.url?.match(/^\/interaction\/([\w-]+)(\/login)?$/);
    if (!m) {
      oidcCallback(req, res);
      return;
    }
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginForm(details.uid));
          return;
        }
        const form = await formOf(req);
        const login = form.get('login') ?? '';
        if (!users.has(login) || form.get('password') !== PROVIDER_PASSWORD) {
          res
            .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
            .end(loginForm(details.uid, 'Benutzername oder Passwort falsch.'));
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      }
    })();
  });
  return state;
}

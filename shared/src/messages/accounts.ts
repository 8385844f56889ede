/**
 * Messages of the accounts capability, German first, English second. The `cli.*` texts are the
 * operator's command line (`pnpm --filter @planner/server cli`), which prints each in both languages.
 */
import type { Catalogue } from './catalogue.ts';

export const ACCOUNTS_MESSAGES = {
  'cli.usage': {
    de: 'Verwendung:\n  pnpm --filter @planner/server cli user:create [--staff] [--roles staff,owner,designer] --email <E-Mail> --name <Name> [--locale de|en] [--password-stdin]\n--roles: Rollen des Kontos (Stabsstelle, Eigentümer:in, Gestalter:in; mehrere möglich), ohne Angabe Gestalter:in.\nOhne --password-stdin wird das Passwort (mindestens 10 Zeichen) zweimal verdeckt abgefragt.',
    en: 'Usage:\n  pnpm --filter @planner/server cli user:create [--staff] [--roles staff,owner,designer] --email <e-mail> --name <name> [--locale de|en] [--password-stdin]\n--roles: the account’s roles (staff, owner, designer; several allowed), designer if not given.\nWithout --password-stdin the password (at least 10 characters) is asked for twice, hidden.',
  },
  'cli.emailAndNameRequired': { de: '--email und --name sind nötig.', en: '--email and --name are required.' },
  'cli.noTerminal': { de: 'Kein Terminal: bitte --password-stdin verwenden.', en: 'No terminal: use --password-stdin.' },
  'cli.passwordPrompt': { de: 'Passwort', en: 'password' },
  'cli.passwordRepeat': { de: 'Passwort wiederholen', en: 'repeat password' },
  'cli.passwordsDiffer': { de: 'Die Passwörter stimmen nicht überein.', en: 'The passwords differ.' },
  'cli.passwordTooShort': { de: 'Das Passwort braucht mindestens 10 Zeichen.', en: 'The password needs at least 10 characters.' },
  'cli.accountExists': { de: 'Dieses Konto gibt es schon: {email}', en: 'This account exists already: {email}' },
  'cli.accountCreated': { de: 'Konto angelegt: {email}', en: 'Account created: {email}' },
  'cli.staffAccountCreated': { de: 'Konto der Stabsstelle angelegt: {email}', en: 'Staff account created: {email}' },
  'cli.linkUsage': {
    de: 'Verwendung:\n  pnpm --filter @planner/server cli user:link-sso --email <E-Mail> --subject <sub>\nVerknüpft ein bestehendes Konto mit dem Dienstkonto, dessen Kennung (Claim „sub“) beim Anmeldedienst OIDC_ISSUER <sub> ist. Die nächste Anmeldung mit diesem Dienstkonto führt in dieses Konto; das Passwort des Kontos bleibt gültig.',
    en: 'Usage:\n  pnpm --filter @planner/server cli user:link-sso --email <e-mail> --subject <sub>\nLinks an existing account to the service account whose identifier (claim "sub") at the identity provider OIDC_ISSUER is <sub>. The next sign-in with that service account leads into this account; its password stays valid.',
  },
  'cli.ssoNotConfigured': {
    de: 'Die Anmeldung mit Dienstkonto ist nicht eingerichtet (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ROLE_CLAIM).',
    en: 'Single sign-on is not set up (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ROLE_CLAIM).',
  },
  'cli.accountNotFound': { de: 'Dieses Konto gibt es nicht: {email}', en: 'There is no such account: {email}' },
  'cli.subjectLinked': {
    de: 'Dieses Dienstkonto ist schon mit einem Konto verknüpft: {subject}',
    en: 'This service account is linked to an account already: {subject}',
  },
  'cli.accountLinked': {
    de: 'Konto {email} mit dem Dienstkonto {subject} verknüpft.',
    en: 'Account {email} linked to the service account {subject}.',
  },
} as const satisfies Catalogue;

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
} as const satisfies Catalogue;

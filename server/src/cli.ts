import { parseArgs } from 'node:util';
import readline from 'node:readline';
import {
  ACCOUNT_ROLES,
  emailSchema,
  formatMessage,
  nameSchema,
  passwordSchema,
  type MessageKey,
  type MessageParams,
} from '@planner/shared';
import { ConfigError, loadConfig, type Config } from './platform/config.ts';
import { openDatabase } from './platform/db/open.ts';
import { migrate } from './platform/db/migrate.ts';
import { createUser, findUserByEmail } from './modules/accounts/users.ts';
import { audit } from './modules/activity/audit.ts';
import { insertLinkIfFree } from './modules/accounts/sso/repo.ts';

/**
 * A message of the catalogue for the operator's terminal: the reader's language is not known (the
 * `--locale` option is the new account's), so German, then English on its own line.
 */
const text = (key: MessageKey, params?: MessageParams) =>
  `${formatMessage(key, params, 'de')}\n${formatMessage(key, params, 'en')}`;
const USAGE = `${formatMessage('cli.usage', {}, 'de')}\n\n${formatMessage('cli.usage', {}, 'en')}`;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

async function readStdin(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) data += chunk;
  return data.replace(/\r?\n$/, '');
}

/** Asks for a line without echoing it. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    let muted = false;
    (rl as unknown as { _writeToOutput(s: string): void })._writeToOutput = (s: string) => {
      if (!muted || s.includes('\n')) process.stdout.write(muted ? '\n' : s);
    };
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
    muted = true;
  });
}

async function userCreate(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      staff: { type: 'boolean', default: false },
      /** Account roles, comma-separated: staff, owner, designer (default: staff with --staff, else designer). */
      roles: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      locale: { type: 'string', default: 'de' },
      'password-stdin': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const email = emailSchema.safeParse(values.email);
  const name = nameSchema.safeParse(values.name);
  if (!email.success || !name.success) fail(`${text('cli.emailAndNameRequired')}\n\n${USAGE}`, 64);
  if (values.locale !== 'de' && values.locale !== 'en') fail('--locale: de | en', 64);
  const roles = values.roles?.split(',').map((r) => r.trim());
  const unknownRole = roles?.find((r) => !(ACCOUNT_ROLES as readonly string[]).includes(r));
  if (unknownRole !== undefined || (roles && !roles.length)) fail(`--roles: ${ACCOUNT_ROLES.join(', ')}`, 64);
  const staff = values.staff || !!roles?.includes('staff');

  let password: string;
  if (values['password-stdin']) {
    password = await readStdin();
  } else if (process.stdin.isTTY) {
    password = await askHidden(
      `${formatMessage('cli.passwordPrompt', {}, 'de')} · ${formatMessage('cli.passwordPrompt', {}, 'en')}: `,
    );
    const again = await askHidden(
      `${formatMessage('cli.passwordRepeat', {}, 'de')} · ${formatMessage('cli.passwordRepeat', {}, 'en')}: `,
    );
    if (again !== password) fail(text('cli.passwordsDiffer'));
  } else {
    fail(`${text('cli.noTerminal')}\n\n${USAGE}`, 64);
  }
  if (!passwordSchema.safeParse(password).success) fail(text('cli.passwordTooShort'));

  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, 78);
    throw err;
  }
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    if (await findUserByEmail(db, email.data)) fail(text('cli.accountExists', { email: email.data }));
    const user = await createUser(db, {
      email: email.data,
      name: name.data,
      password,
      staff,
      roles: roles as (typeof ACCOUNT_ROLES)[number][] | undefined,
      locale: values.locale,
    });
    await audit(db, {
      actorId: null,
      action: 'user.created',
      subjectType: 'user',
      subjectId: user.id,
      details: { via: 'cli', staff: user.staff, roles: user.roles },
    });
    console.log(text(user.staff ? 'cli.staffAccountCreated' : 'cli.accountCreated', { email: user.email }));
  } finally {
    await db.close();
  }
}

function configOrFail(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, 78);
    throw err;
  }
}

/**
 * Links an existing account (e.g. a staff account created with a password before single sign-on) to
 * a service account of OIDC_ISSUER by its subject: single sign-on never links by e-mail on its own.
 */
async function userLinkSso(args: string[]) {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, subject: { type: 'string' } }, strict: true });
  const email = emailSchema.safeParse(values.email);
  const subject = values.subject?.trim();
  if (!email.success || !subject || subject.length > 255)
    fail(`${formatMessage('cli.linkUsage', {}, 'de')}\n\n${formatMessage('cli.linkUsage', {}, 'en')}`, 64);
  const config = configOrFail();
  if (!config.oidc) fail(text('cli.ssoNotConfigured'), 78);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    const user = await findUserByEmail(db, email.data);
    if (!user) fail(text('cli.accountNotFound', { email: email.data }));
    if (!(await insertLinkIfFree(db, config.oidc.issuer, subject, user.id))) fail(text('cli.subjectLinked', { subject }));
    await audit(db, {
      actorId: null,
      action: 'user.sso_linked',
      subjectType: 'user',
      subjectId: user.id,
      details: { via: 'cli', issuer: config.oidc.issuer },
    });
    console.log(text('cli.accountLinked', { email: user.email, subject }));
  } finally {
    await db.close();
  }
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'user:create') return userCreate(rest);
  if (command === 'user:link-sso') return userLinkSso(rest);
  fail(USAGE, command ? 64 : 0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

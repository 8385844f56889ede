import { randomUUID } from 'node:crypto';
import type { Database } from '@planner/server';
import type { MemoryMailer } from '@planner/server/platform/mail/mailer';
import { request } from '../../helpers/api.ts';
import type { TestServer } from '../../helpers/server.ts';
import { waitFor } from '../../helpers/wait.ts';

/**
 * Calls for the application tests (issue 16). The calls module is another branch's: a call is inserted
 * here with SQL, published, with the given storefronts and a deadline (default: in 14 days).
 */
export interface TestCall {
  id: string;
  slug: string;
  storefrontIds: string[];
  privacyText: string;
}

export async function insertCall(
  db: Database,
  o: { storefrontIds: string[]; deadline?: Date; status?: string; title?: string; createdBy?: string },
): Promise<TestCall> {
  const id = randomUUID();
  const slug = `aufruf-${id.slice(0, 8)}`;
  const privacyText = `Datenschutzhinweis ${id.slice(0, 6)}: Wir verarbeiten Ihre Angaben nur für diesen Aufruf.`;
  await db.query(
    `insert into calls (id, slug, title, body, disciplines, period_start, period_end, deadline, status, privacy_text, published_at)
     values ($1, $2, $3, 'Leerstand sucht Idee', '{Design,Kunst}', '2027-03-01', '2027-04-30', $4, $5, $6, now())`,
    [
      id,
      slug,
      o.title ?? `Aufruf ${slug}`,
      o.deadline ?? new Date(Date.now() + 14 * 86_400_000),
      o.status ?? 'published',
      privacyText,
    ],
  );
  for (const [i, sf] of o.storefrontIds.entries())
    await db.query('insert into call_storefronts (call_id, storefront_id, position) values ($1, $2, $3)', [id, sf, i]);
  return { id, slug, storefrontIds: o.storefrontIds, privacyText };
}

/** A new person applying from the form: creates the account and the draft; returns the bearer token too. */
export async function applyAsNewPerson(
  server: TestServer,
  slug: string,
  draft: Record<string, unknown> = {},
  name = 'Neue Bewerberin',
) {
  const email = `bewerbung-${randomUUID()}@test.example`;
  const password = 'ein-langes-passwort-fuer-bewerbungen';
  const res = await request(server, null, 'POST', `/api/application-forms/${slug}`, {
    account: { name, email, password },
    draft,
  });
  if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`);
  const token = await request(server, null, 'POST', '/api/auth/token', { email, password });
  return { email, name, password, token: token.body.token as string, application: res.body.application, res };
}

/** The link of the newest mail to `to` matching `path` (e.g. `/bewerben/bestaetigen/`). */
export async function linkFrom(mailer: MemoryMailer, to: string, path: string): Promise<string> {
  const mail = await waitFor(
    () => [...mailer.sent].reverse().find((m) => m.to === to && m.text.includes(path)),
    5000,
    `mail to ${to}`,
  );
  const url = new RegExp(`https?://\\S+${path.replace(/\//g, '\\/')}[\\w-]+`).exec(mail.text)?.[0];
  if (!url) throw new Error(`no link in ${mail.text}`);
  return url;
}

export const tokenOf = (url: string) => url.split('/').pop()!;

import { createHmac } from 'node:crypto';
import type { DeleteAccountBody, PrivacyText } from '@planner/shared';
import type { BlobStore } from '../../platform/blobs/index.ts';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { verifyPassword } from '../accounts/passwords.ts';
import type { Revocations } from '../accounts/revocation.ts';
import * as deletion from './deletion-repo.ts';
import { accountRow, invitationsTo, rowsOf, uploadedFiles, userTables } from './export-repo.ts';
import { readSiteText, writeSiteText } from './text-repo.ts';

export interface PrivacyDeps {
  blobs: BlobStore;
  revocations: Revocations;
  /** Keys the pseudonyms of deleted accounts (SESSION_SECRET). */
  secret: string;
  onError: (err: unknown, what: string) => void;
  /** The account's profile portrait (creative profiles): its files for the export, and deleting them. */
  portraits?: {
    filesOf(userId: string): Promise<{ key: string; name: string }[]>;
    purge(userId: string): Promise<number>;
  };
}

/** Thrown inside a retention deletion whose account is no longer only an applicant's. */
class KeptAccount extends Error {}

/** Who deletes: the person themself, staff, or the retention of applications (no one, by schedule). */
export type Deleter =
  | { kind: 'self'; ip: string | null }
  | { kind: 'staff'; staffId: string; ip: string | null }
  | { kind: 'retention'; ip: null };

const README = `Ihre Daten im Kreativquartiere Planner / Your data in the Kreativquartiere Planner

tables/<Tabelle>.json: jede Zeile jeder Tabelle, die auf Ihr Konto verweist (ohne Passwort- und Token-Hashes).
  Every row of every table that refers to your account (without password and token hashes).
tables/users.json: Ihr Konto / your account.
tables/invitations.json: Einladungen, die Sie verschickt oder erhalten haben / invitations you sent or received.
files/<Anhang-ID>/<Dateiname>: die Dateien, die Sie hochgeladen haben / the files you uploaded.
files/profile-portrait/<Größe>.<Endung>: das Porträt Ihres Kreativ-Profils, wie gespeichert / your creative profile's portrait as stored.
`;

/**
 * Data-protection self-service (issue 20): one's data as a zip, account deletion, the privacy page's text.
 */
export class PrivacyService {
  /** Users with an export under way on this instance (one at a time per person). */
  private readonly exporting = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly deps: PrivacyDeps,
  ) {}

  /** The pseudonym of a deleted account in the activity log: the same for all its entries, not reversible without the secret. */
  pseudonymOf(userId: string): string {
    return `former-${createHmac('sha256', this.deps.secret).update(`account:${userId}`).digest('hex').slice(0, 16)}`;
  }

  /**
   * Everything about the user as a zip. The rows are read before the answer starts (a database outage is
   * a 503, not a broken zip); the uploaded files are then streamed from the blob store one by one.
   */
  async exportData(userId: string): Promise<{ stream: NodeJS.ReadableStream; fileName: string }> {
    if (this.exporting.has(userId)) throw new AppError('RATE_LIMITED', 'privacy.exportRunning');
    const account = await accountRow(this.db, userId);
    if (!account) throw new AppError('UNAUTHENTICATED', 'auth.required');
    const tables: Record<string, Record<string, unknown>[]> = { users: [account] };
    for (const t of await userTables(this.db)) {
      const rows = await rowsOf(this.db, t, userId);
      if (rows.length) tables[t.table] = rows;
    }
    // Invitations addressed to the person's address but not (yet) accepted by this account.
    const received = await invitationsTo(this.db, String(account.email));
    const invitations = tables.invitations ?? [];
    for (const inv of received) if (!invitations.some((i) => i.id === inv.id)) invitations.push(inv);
    if (invitations.length) tables.invitations = invitations;
    const files = await uploadedFiles(this.db, userId);
    const portraitFiles = (await this.deps.portraits?.filesOf(userId)) ?? [];

    // fflate loads with the first export, not at start (issue 19).
    const { ZipStream } = await import('./zip-stream.ts');
    this.exporting.add(userId);
    const zip = new ZipStream();
    zip.out.once('close', () => this.exporting.delete(userId));
    const produce = async () => {
      await zip.addBytes('LIESMICH-README.txt', Buffer.from(README, 'utf8'));
      for (const [table, rows] of Object.entries(tables)) await zip.addJson(`tables/${table}.json`, rows);
      const missing: string[] = [];
      for (const f of files) {
        const blob = f.key ? await this.deps.blobs.get(f.key) : null;
        if (!blob) {
          missing.push(f.id);
          continue;
        }
        await zip.addStream(`files/${f.id}/${safeName(f.fileName)}`, blob.body);
      }
      for (const f of portraitFiles) {
        const blob = await this.deps.blobs.get(f.key);
        if (!blob) {
          missing.push(`profile-portrait/${f.name}`);
          continue;
        }
        await zip.addStream(`files/profile-portrait/${safeName(f.name)}`, blob.body);
      }
      if (missing.length)
        await zip.addJson('files/not-available.json', { attachmentIds: missing, reason: 'processing or missing' });
      zip.end();
    };
    produce().catch((err: unknown) => {
      this.deps.onError(err, 'data export');
      zip.fail(err);
    });
    const day = new Date().toISOString().slice(0, 10);
    return { stream: zip.out, fileName: `meine-daten-${day}.zip` };
  }

  /** What confirms deleting the account: the password, or the e-mail address for accounts without one (single sign-on). */
  async confirmWith(userId: string): Promise<'password' | 'email'> {
    const account = await accountRow(this.db, userId);
    if (!account) throw new AppError('UNAUTHENTICATED', 'auth.required');
    return account.has_password ? 'password' : 'email';
  }

  /** Deleting one's own account, confirmed by the password (password accounts) or the typed e-mail (single sign-on). */
  async deleteOwn(userId: string, body: DeleteAccountBody, ip: string | null): Promise<void> {
    await this.delete(userId, { kind: 'self', ip }, async (u) => {
      if (u.passwordHash) {
        if (!body.password || !(await verifyPassword(u.passwordHash, body.password))) {
          throw new AppError('VALIDATION', 'privacy.passwordWrong', { field: 'password' }, [
            { path: 'password', key: 'privacy.passwordWrong', message: 'the password is wrong' },
          ]);
        }
      } else if (!body.email || body.email.trim().toLowerCase() !== u.email.toLowerCase()) {
        throw new AppError('VALIDATION', 'privacy.emailWrong', { field: 'email' }, [
          { path: 'email', key: 'privacy.emailWrong', message: "not the account's e-mail address" },
        ]);
      }
    });
  }

  /**
   * Staff delete an account. A staff member who deletes their own account this way deletes it as
   * themselves: the log then holds the pseudonym, as for a self-deletion, since the account it would name
   * as actor is gone (the staff dialog has already asked them to type the address).
   */
  async deleteByStaff(userId: string, staffId: string, ip: string | null): Promise<void> {
    const by: Deleter = staffId === userId ? { kind: 'self', ip } : { kind: 'staff', staffId, ip };
    await this.delete(userId, by, async () => {});
  }

  /**
   * The retention of applications (issue 16) deletes an account that existed only for applying, once its
   * applications are anonymised: the same deletion as any other (pseudonymised log, scrubbed copies), by
   * no one. `still` runs inside the deletion's transaction with the account locked: when it answers false
   * (the account has since got another role, application or plan) nothing is deleted. True when deleted.
   */
  async deleteForRetention(userId: string, still: (tx: Queryable) => Promise<boolean>): Promise<boolean> {
    try {
      await this.delete(userId, { kind: 'retention', ip: null }, async (_u, tx) => {
        // Rolls the transaction back: nothing changed.
        if (!(await still(tx))) throw new KeptAccount();
      });
    } catch (err) {
      if (err instanceof KeptAccount) return false;
      if (err instanceof AppError && err.code === 'NOT_FOUND') return false;
      throw err;
    }
    return true;
  }

  /**
   * One transaction: lead hand-over, pseudonymised log, scrubbed copies, the account and everything that
   * cascades from it. Then every session and token of the account ends on every instance, and its open
   * plan connections close (as a sign-out everywhere does).
   */
  private async delete(
    userId: string,
    by: Deleter,
    confirm: (u: deletion.DeletableUser, tx: Queryable) => Promise<void>,
  ): Promise<void> {
    const pseudonym = this.pseudonymOf(userId);
    const done = await this.db.transaction(async (tx) => {
      const u = await deletion.lockUser(tx, userId);
      if (!u) throw new AppError('NOT_FOUND', 'user.notFound');
      await confirm(u, tx);
      if (u.staff && !(await deletion.otherStaffExists(tx, userId))) throw new AppError('CONFLICT', 'privacy.lastStaff');
      const access = await deletion.credentialsAndPlans(tx, userId);
      const leads = await deletion.handOverLeads(tx, userId);
      await deletion.pseudonymiseActivity(tx, u, pseudonym);
      await deletion.scrubCopies(tx, u);
      await deletion.deleteUserRow(tx, userId);
      await deletion.auditDeletion(tx, {
        actorId: by.kind === 'staff' ? by.staffId : null,
        actorPseudonym: by.kind === 'self' ? pseudonym : null,
        pseudonym,
        details: { by: by.kind, leadsHandedOver: leads.map((l) => ({ planId: l.planId, to: l.to })) },
        ip: by.kind === 'staff' ? by.ip : null,
      });
      return access;
    });
    await this.deps.revocations.publish({ type: 'credentials-revoked', userId, all: true, tokenIds: done.tokenIds });
    for (const planId of done.planIds)
      await this.deps.revocations.publish({ type: 'plan-access', planId, userId, access: 'none' });
    // The profile row went with the account (cascade); its portrait files live in the blob store. A
    // failure here is logged, not fatal: the account is deleted, the files are unreachable (no row
    // names them) and a later deletion or `purgeUserBlobs` removes them.
    if (this.deps.portraits) {
      try {
        await this.deps.portraits.purge(userId);
      } catch (err) {
        this.deps.onError(err, 'deleting profile portrait files');
      }
    }
  }

  readText(): Promise<PrivacyText> {
    return readSiteText(this.db, 'privacy');
  }

  writeText(body: string, staffId: string): Promise<PrivacyText> {
    return writeSiteText(this.db, 'privacy', body, staffId);
  }
}

/** A file name safe inside a zip on every system: no folders, no control characters. */
function safeName(name: string): string {
  const cleaned = [...name]
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .trim();
  return cleaned.slice(0, 120) || 'datei';
}

import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type {
  AttachmentVariantName,
  Discipline,
  Portrait,
  Profile,
  ProfileDirectory,
  ProfileDirectoryQuery,
  ProfileInput,
  ProfileStaging,
  PublicProfile,
} from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import type { BlobStore } from '../../platform/blobs/index.ts';
import { AppError } from '../../platform/errors.ts';
import { ACCEPTED, extensionOf, heicSupported, processImage } from '../media/pipeline.ts';
import * as repo from './repo.ts';
import { slugify } from '../../platform/slug.ts';

/** The multipart field the portrait comes in. */
export const PORTRAIT_FIELD = 'file';
/** The largest portrait upload, whatever UPLOAD_MAX_FILE_MB allows: a portrait needs no more. */
export const PORTRAIT_MAX_BYTES = 10 * 1024 * 1024;

const MB = 1024 * 1024;
const notFound = () => new AppError('NOT_FOUND', 'profile.notFound');

/** Blob keys of one account's portraits: `profiles/<userId>/<hash>/<variant>.<ext>`. */
export const profileBlobPrefix = (userId: string) => `profiles/${userId}/`;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toStagings(rows: repo.StagingRow[]): ProfileStaging[] {
  return rows.map((r) => ({
    planId: r.plan_id,
    title: r.title,
    storefront: r.storefront,
    quarter: r.quarter_slug && r.quarter_name ? { name: r.quarter_name, slug: r.quarter_slug } : null,
  }));
}

/** The portrait's DTO; `base` is where its files are served (public by slug and hash, or private). */
function toPortrait(p: repo.StoredPortrait | null, base: (variant: string) => string): Portrait | null {
  if (!p) return null;
  return {
    hash: p.hash,
    width: p.width,
    height: p.height,
    placeholder: p.placeholder,
    dominantColor: p.dominantColor,
    variants: p.variants.map((v) => ({
      name: v.name as AttachmentVariantName,
      contentType: v.contentType,
      width: v.width,
      height: v.height,
      url: base(v.name),
    })),
  };
}

const publicBase = (row: repo.ProfileRow) => (variant: string) =>
  `/api/public/profiles/${row.slug}/portrait/${row.portrait?.hash}/${variant}`;
const privateBase = (row: repo.ProfileRow) => (variant: string) =>
  `/api/profiles/${row.id}/portrait/${variant}?v=${row.portrait?.hash}`;

export interface IncomingPortrait {
  stream: Readable & { truncated?: boolean };
}

/**
 * Creative profiles (issue 17): one opt-in profile per account, private until its owner publishes it.
 * Everything public goes through {@link publishedProfileBySlug} and {@link listPublishedProfiles}, which
 * see published profiles only and return the public fields only; the server-rendered pages and the
 * sitemap use them too.
 */
export class ProfileService {
  constructor(
    private readonly db: Database,
    private readonly blobs: BlobStore,
    /** UPLOAD_MAX_FILE_MB in bytes: the portrait limit is the smaller of it and {@link PORTRAIT_MAX_BYTES}. */
    maxFileBytes: number,
  ) {
    this.maxPortraitBytes = Math.min(maxFileBytes, PORTRAIT_MAX_BYTES);
  }

  readonly maxPortraitBytes: number;

  // ── public ────────────────────────────────────────────────────────────────

  /** A published profile by slug with its published stagings, or null (unknown or unpublished). */
  async publishedProfileBySlug(slug: string): Promise<PublicProfile | null> {
    const row = await repo.publishedBySlug(this.db, slug);
    if (!row) return null;
    const stagings = toStagings(await repo.stagingsOf(this.db, [row.user_id]));
    return {
      id: row.id,
      slug: row.slug,
      displayName: row.display_name,
      disciplines: row.disciplines as Discipline[],
      bio: row.bio,
      website: row.website,
      links: row.links,
      portrait: toPortrait(row.portrait, publicBase(row)),
      stagings,
    };
  }

  /** One page of the directory: published profiles by name, filtered by discipline and quarter (slug). */
  async listPublishedProfiles(filter: Partial<ProfileDirectoryQuery> = {}): Promise<ProfileDirectory> {
    const limit = filter.limit ?? 50;
    const offset = filter.offset ?? 0;
    const { rows, total } = await repo.listPublished(this.db, {
      discipline: filter.discipline,
      quarter: filter.quarter,
      limit,
      offset,
    });
    const stagings = await repo.stagingsOf(
      this.db,
      rows.map((r) => r.user_id),
    );
    return {
      items: rows.map((row) => {
        const quarters = new Map<string, string>();
        for (const s of stagings)
          if (s.user_id === row.user_id && s.quarter_slug) quarters.set(s.quarter_slug, s.quarter_name ?? '');
        return {
          id: row.id,
          slug: row.slug,
          displayName: row.display_name,
          disciplines: row.disciplines as Discipline[],
          portrait: toPortrait(row.portrait, publicBase(row)),
          quarters: [...quarters].map(([slug, name]) => ({ slug, name })).sort((a, b) => a.name.localeCompare(b.name, 'de')),
        };
      }),
      total,
      limit,
      offset,
      quarters: await repo.directoryQuarters(this.db),
    };
  }

  /** Slugs and change times of published profiles (the sitemap). */
  async publishedSlugs(): Promise<{ slug: string; updatedAt: string }[]> {
    return (await repo.publishedSlugs(this.db)).map((r) => ({ slug: r.slug, updatedAt: new Date(r.updated_at).toISOString() }));
  }

  /** A file of a published profile's portrait at its hashed URL; NOT_FOUND for anything else. */
  async publicPortraitFile(slug: string, hash: string, variant: string): Promise<repo.StoredPortraitVariant> {
    const row = await repo.publishedBySlug(this.db, slug);
    if (!row?.portrait || row.portrait.hash !== hash) throw notFound();
    const v = row.portrait.variants.find((x) => x.name === variant);
    if (!v) throw notFound();
    return v;
  }

  // ── the owner's ───────────────────────────────────────────────────────────

  /** Who owns the profile (for the permission check); NOT_FOUND when there is none. */
  async ownerOf(profileId: string): Promise<string> {
    const row = await repo.profileById(this.db, profileId);
    if (!row) throw notFound();
    return row.user_id;
  }

  async mine(userId: string): Promise<Profile | null> {
    const row = await repo.profileOfUser(this.db, userId);
    return row ? this.toProfile(row) : null;
  }

  async get(profileId: string): Promise<Profile> {
    const row = await repo.profileById(this.db, profileId);
    if (!row) throw notFound();
    return this.toProfile(row);
  }

  /** Creates the account's profile, unpublished, with a slug made from the name (numbered when taken). */
  async create(userId: string, input: ProfileInput): Promise<Profile> {
    if (await repo.profileOfUser(this.db, userId)) throw new AppError('CONFLICT', 'profile.exists');
    const id = randomUUID();
    const base = slugify(input.displayName);
    for (let n = 1; n < 1000; n++) {
      const slug = n === 1 ? base : `${base.slice(0, 70)}-${n}`;
      if (await repo.slugTaken(this.db, slug)) continue;
      const result = await repo.insertProfile(this.db, { id, userId, slug, ...input });
      if (result === 'user') throw new AppError('CONFLICT', 'profile.exists');
      if (result === 'ok') return this.get(id);
    }
    // A thousand profiles of one name: a random suffix.
    const slug = `${base.slice(0, 60)}-${randomUUID().slice(0, 8)}`;
    if ((await repo.insertProfile(this.db, { id, userId, slug, ...input })) !== 'ok')
      throw new AppError('CONFLICT', 'profile.exists');
    return this.get(id);
  }

  async update(profileId: string, input: ProfileInput): Promise<Profile> {
    await repo.updateProfile(this.db, profileId, input);
    return this.get(profileId);
  }

  async publish(profileId: string): Promise<Profile> {
    await repo.setPublished(this.db, profileId, true, null);
    return this.get(profileId);
  }

  /** Takes the profile out of public view at once; `moderator` when staff did it for someone else. */
  async unpublish(profileId: string, moderator: string | null): Promise<void> {
    await repo.setPublished(this.db, profileId, false, moderator);
  }

  /**
   * Sets the portrait from an upload: at most {@link maxPortraitBytes} (413), an image by its content
   * (415 otherwise), re-encoded by the media pipeline (auto-rotated, EXIF/GPS stripped, widths in WebP
   * and AVIF). The old portrait's files are deleted after the new one is in place.
   */
  async setPortrait(profileId: string, file: IncomingPortrait): Promise<Profile> {
    const row = await repo.profileById(this.db, profileId);
    if (!row) throw notFound();
    const data = await this.readLimited(file);
    const { fileTypeFromBuffer } = await import('file-type');
    const found = await fileTypeFromBuffer(data);
    if (!found || ACCEPTED[found.mime as keyof typeof ACCEPTED] !== 'image') {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'profile.notAnImage', {
        field: PORTRAIT_FIELD,
        found: found?.mime ?? 'unbekannt',
      });
    }
    if ((found.mime === 'image/heic' || found.mime === 'image/heif') && !(await heicSupported())) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'media.heicUnsupported', { field: PORTRAIT_FIELD });
    }
    let out: Awaited<ReturnType<typeof processImage>>;
    try {
      out = await processImage(data, found.mime);
    } catch {
      throw new AppError('VALIDATION', 'profile.portraitBroken', { field: PORTRAIT_FIELD });
    }
    const hash = createHash('sha256').update(out.original.data).digest('hex').slice(0, 32);
    const prefix = `${profileBlobPrefix(row.user_id)}${hash}/`;
    const variants: repo.StoredPortraitVariant[] = [];
    for (const img of [out.original, ...out.sizes]) {
      const key = `${prefix}${img.name}.${extensionOf(img.contentType)}`;
      await this.blobs.put(key, img.data, { contentType: img.contentType });
      variants.push({
        name: img.name,
        contentType: img.contentType,
        width: img.width,
        height: img.height,
        bytes: img.data.length,
        key,
      });
    }
    const portrait: repo.StoredPortrait = {
      hash,
      width: out.width,
      height: out.height,
      placeholder: out.placeholder,
      dominantColor: out.dominantColor,
      variants,
    };
    const old = await this.db.transaction((tx) => repo.setPortrait(tx, profileId, portrait));
    if (old && old.hash !== hash) await this.blobs.deletePrefix(`${profileBlobPrefix(row.user_id)}${old.hash}/`);
    return this.get(profileId);
  }

  async removePortrait(profileId: string): Promise<Profile> {
    const row = await repo.profileById(this.db, profileId);
    if (!row) throw notFound();
    const old = await this.db.transaction((tx) => repo.setPortrait(tx, profileId, null));
    if (old) await this.blobs.deletePrefix(`${profileBlobPrefix(row.user_id)}${old.hash}/`);
    return this.get(profileId);
  }

  /** Deletes the profile (public URLs are 404 at once) and then its portrait files. */
  async remove(profileId: string): Promise<void> {
    const row = await repo.profileById(this.db, profileId);
    if (!row) throw notFound();
    await repo.deleteProfile(this.db, profileId);
    await this.purgeUserBlobs(row.user_id);
  }

  /** A file of the profile's current portrait (the owner's preview, published or not). */
  async privatePortraitFile(profileId: string, variant: string): Promise<repo.StoredPortraitVariant> {
    const row = await repo.profileById(this.db, profileId);
    const v = row?.portrait?.variants.find((x) => x.name === variant);
    if (!v) throw new AppError('NOT_FOUND', 'profile.portraitMissing');
    return v;
  }

  async openFile(v: repo.StoredPortraitVariant) {
    const blob = await this.blobs.get(v.key);
    if (!blob) throw notFound();
    return blob;
  }

  /**
   * Deletes the portrait files of an account. The profile row itself goes with the account
   * (`on delete cascade`); account deletion calls this for the blobs, which the database cannot reach.
   */
  async purgeUserBlobs(userId: string): Promise<number> {
    return this.blobs.deletePrefix(profileBlobPrefix(userId));
  }

  /** The account's current portrait files (the data export): blob key and a file name (`w960.webp`). */
  async portraitFilesOf(userId: string): Promise<{ key: string; name: string }[]> {
    const row = await repo.profileOfUser(this.db, userId);
    return (row?.portrait?.variants ?? []).map((v) => ({ key: v.key, name: v.key.split('/').at(-1) ?? v.name }));
  }

  private async toProfile(row: repo.ProfileRow): Promise<Profile> {
    const stagings = toStagings(await repo.stagingsOf(this.db, [row.user_id]));
    return {
      id: row.id,
      slug: row.slug,
      displayName: row.display_name,
      disciplines: row.disciplines as Discipline[],
      bio: row.bio,
      website: row.website,
      links: row.links,
      published: row.published,
      publishedAt: iso(row.published_at),
      moderatedAt: iso(row.moderated_at),
      portrait: toPortrait(row.portrait, privateBase(row)),
      stagings,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  /** Reads the upload into memory up to the limit; past it, drains the rest and answers 413. */
  private async readLimited(file: IncomingPortrait): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let total = 0;
    let over = false;
    for await (const raw of file.stream) {
      if (over) continue;
      const chunk = raw as Buffer;
      total += chunk.length;
      if (total > this.maxPortraitBytes) {
        over = true;
        chunks.length = 0;
        continue;
      }
      chunks.push(chunk);
    }
    if (over || file.stream.truncated) {
      throw new AppError('PAYLOAD_TOO_LARGE', 'profile.portraitTooLarge', {
        field: PORTRAIT_FIELD,
        limitMb: Math.round((this.maxPortraitBytes / MB) * 100) / 100,
      });
    }
    if (total === 0) throw new AppError('VALIDATION', 'media.fileMissing', { field: PORTRAIT_FIELD });
    return Buffer.concat(chunks);
  }
}

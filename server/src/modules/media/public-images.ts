import type { PublicImage } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import * as repo from './repo.ts';
import * as photosRepo from './photos-repo.ts';
import { publicUrl, publicVariant } from './store-image.ts';

/**
 * The image public pages show for each plan (issue 17): its first plan image marked "Im Programm
 * zeigen" (only while the plan is published), else the first public photo of its storefront. Plans
 * with neither are absent from the map. URLs are content-hashed `/media/public/…` paths (relative to
 * PUBLIC_URL) of the 960 px WebP (or the widest smaller one). `alt`: the plan's title for a plan image,
 * the caption (else the storefront's title) for a storefront photo.
 * Also as `app.media.publicImagesForPlans(planIds)`.
 */
export async function publicImagesForPlans(db: Queryable, planIds: string[]): Promise<Map<string, PublicImage>> {
  const out = new Map<string, PublicImage>();
  for (const row of await repo.firstPublicImages(db, planIds)) {
    const v = publicVariant(row.variants ?? []);
    if (!v || !row.public_hash) continue;
    out.set(row.plan_id, { url: publicUrl(row.public_hash, v), width: v.width ?? 0, height: v.height ?? 0, alt: row.plan_title });
  }
  const rest = planIds.filter((id) => !out.has(id));
  for (const row of await photosRepo.firstPublicPhotosOfPlans(db, rest)) {
    const v = publicVariant(row.variants ?? []);
    if (!v || !row.public_hash) continue;
    out.set(row.plan_id, {
      url: publicUrl(row.public_hash, v),
      width: v.width ?? 0,
      height: v.height ?? 0,
      alt: row.caption || row.storefront_title,
    });
  }
  return out;
}

import { randomUUID } from 'node:crypto';
import type { Api } from '../../helpers/api.ts';
import { submitApprovePublish } from '../../helpers/decisions.ts';
import { testDb, type World } from '../accounts/fixtures.ts';

/**
 * A fresh quarter (its own slug, so filters see only this test's rows in a shared database) with one
 * storefront and a plan there with `designerId` as designer member, published through the real routes.
 */
export async function publishedStagingIn(
  world: World,
  designerId: string,
  designer: Api,
): Promise<{ quarterSlug: string; quarterName: string; planId: string; title: string }> {
  const staff = world.api.staff;
  const quarterSlug = `profil-q-${randomUUID().slice(0, 8)}`;
  const quarterName = `Quartier ${quarterSlug}`;
  const q = await staff.post('/api/quarters', { name: quarterName, slug: quarterSlug });
  if (q.status !== 201) throw new Error(`quarter: ${q.status} ${JSON.stringify(q.body)}`);
  const sf = await staff.post('/api/storefronts', {
    quarterId: q.body.id,
    title: `Laden ${quarterSlug}`,
    address: 'Rheinische Straße 1, 44137 Dortmund',
    lat: 51.51,
    lng: 7.45,
    areaM2: 40,
    outline: [
      { x: 0, y: 0 },
      { x: 600, y: 0 },
      { x: 600, y: 600 },
      { x: 0, y: 600 },
    ],
  });
  if (sf.status !== 201) throw new Error(`storefront: ${sf.status} ${JSON.stringify(sf.body)}`);
  const planId = randomUUID();
  const title = `Klangraum ${quarterSlug}`;
  const db = await testDb();
  await db.query(`insert into plans (id, storefront_id, title, created_by) values ($1, $2, $3, $4)`, [
    planId,
    sf.body.id,
    title,
    designerId,
  ]);
  await db.query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer')`, [planId, designerId]);
  await submitApprovePublish(designer, staff, planId);
  return { quarterSlug, quarterName, planId, title };
}

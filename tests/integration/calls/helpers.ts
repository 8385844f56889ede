import { randomUUID } from 'node:crypto';
import type { Api } from '../../helpers/api.ts';

/** A Berlin wall-clock time `days` days from now at `hh:mm` (YYYY-MM-DDTHH:mm). */
export function berlinLocalIn(days: number, hhmm = '12:00'): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T${hhmm}`;
}

/** A valid call body for the two storefronts: criteria, two viewings (capacity 2 and 1). */
export function callBody(storefrontIds: string[], over: Record<string, unknown> = {}) {
  return {
    title: `Aufruf Testlauf ${randomUUID().slice(0, 6)}`,
    body: 'Wir suchen Projekte für zwei Ladenlokale im Unionviertel.',
    disciplines: ['Ausstellung', 'Szenografie'],
    storefrontIds,
    periodStart: '2027-05-01',
    periodEnd: '2027-06-30',
    deadline: berlinLocalIn(30),
    criteria: [
      { label: 'Idee', weight: 2 },
      { label: 'Machbarkeit', weight: 1, description: 'Zeit, Budget, Technik' },
    ],
    viewings: [
      { storefrontId: storefrontIds[0], start: berlinLocalIn(10, '10:00'), end: berlinLocalIn(10, '11:00'), capacity: 2 },
      { storefrontId: storefrontIds[1] ?? null, start: berlinLocalIn(11, '16:00'), end: berlinLocalIn(11, '17:00'), capacity: 1 },
    ],
    blind: false,
    privacyText: 'Ihre Daten werden nur für diesen Aufruf verarbeitet.',
    ...over,
  };
}

/** Creates (and by default publishes) a call as staff; returns its body. */
export async function createCall(
  staff: Api,
  storefrontIds: string[],
  opts: { publish?: boolean; over?: Record<string, unknown> } = {},
) {
  const created = await staff.post('/api/calls', callBody(storefrontIds, opts.over));
  if (created.status !== 201) throw new Error(`create call: ${created.status} ${JSON.stringify(created.body)}`);
  if (opts.publish === false) return created.body;
  const published = await staff.post(`/api/calls/${created.body.id}/publish`);
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body;
}

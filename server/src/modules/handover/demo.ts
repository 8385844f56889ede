import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { loadSharp } from '../media/pipeline.ts';
import { partiesOf } from './repo.ts';

/** A demo photo: a plain coloured picture with a little texture (no camera metadata to strip). */
const picture = async (r: number, g: number, b: number) =>
  (await loadSharp())({
    create: { width: 960, height: 720, channels: 3, background: { r, g, b }, noise: { type: 'gaussian', mean: 110, sigma: 25 } },
  })
    .jpeg({ quality: 80 })
    .toBuffer();

/**
 * The demo's completed move-in protocol (issue 18) on a plan: zones with notes and photos, meter
 * readings with a photo, keys, a defect with a photo, confirmed by the storefront's owner and the lead
 * designer, and so locked; the PDF is mailed like any other (to the console without SMTP).
 */
export async function seedDemoHandover(app: FastifyInstance, planId: string, leadId: string): Promise<void> {
  const facts = await partiesOf(app.db, planId, leadId);
  if (!facts?.owner_id) return;
  const h = app.handover;
  await h.create(planId, 'einzug', leadId);
  const defectId = 'd-demo-1';
  await h.update(
    planId,
    'einzug',
    {
      zones: [
        { id: 'z1', condition: 'Boden (Fliesen) sauber, Wände weiß gestrichen, zwei Bohrlöcher links neben der Tür.' },
        { id: 'z2', condition: 'Scheibe ohne Beklebung, Rollgitter funktioniert.' },
        { id: 'z3', condition: 'Leer, trocken, Regal an der Rückwand bleibt stehen.' },
        { id: 'z4', condition: 'Sauber, Spülung in Ordnung.' },
        { id: 'z5', condition: 'Stufe mit Rampe, Klingel funktioniert.' },
      ],
      meters: { power: { value: '48 213,4 kWh' }, water: { value: '1 024,7 m³' }, gas: { value: 'kein Gasanschluss' } },
      keys: [
        { id: 'k1', kind: 'Ladentür', count: 2 },
        { id: 'k2', kind: 'Rollgitter', count: 1 },
        { id: 'k3', kind: 'Hoftür', count: 1 },
      ],
      defects: [{ id: defectId, note: 'Kratzer im Schaufensterglas unten rechts (ca. 10 cm).' }],
    },
    leadId,
  );
  const photo = async (target: 'zone' | 'meter' | 'defect', targetId: string, colour: [number, number, number], name: string) =>
    h.addPhoto(planId, 'einzug', target, targetId, leadId, { stream: Readable.from([await picture(...colour)]), fileName: name });
  await photo('zone', 'z1', [190, 170, 150], 'verkaufsraum.jpg');
  await photo('zone', 'z2', [120, 160, 200], 'schaufenster.jpg');
  await photo('meter', 'power', [90, 90, 90], 'stromzaehler.jpg');
  await photo('defect', defectId, [160, 200, 220], 'kratzer.jpg');
  await h.confirm(
    planId,
    'einzug',
    { side: 'owner', name: facts.owner_name?.replace(/\s*\(.*\)$/, '') || 'Eigentümer:in', agreed: true },
    { userId: facts.owner_id, staff: false },
  );
  await h.confirm(
    planId,
    'einzug',
    { side: 'designer', name: facts.lead_name?.replace(/\s*\(.*\)$/, '') || 'Gestalter:in', agreed: true },
    { userId: leadId, staff: false },
  );
}

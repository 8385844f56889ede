/**
 * Demo data of open calls (issue 16): both demo storefronts offered with some groups public, and one
 * published call for them with criteria, two viewing slots and the staff account as juror. Goes through
 * the calls service, so it is what staff would have done by hand.
 */
import { fromBerlinLocal, toBerlinLocal } from '@planner/shared';
import type { CallService } from '../calls/service.ts';

const DAY = 86_400_000;
const localIn = (days: number, hhmm: string) =>
  `${toBerlinLocal(new Date(Date.now() + days * DAY).toISOString()).slice(0, 10)}T${hhmm}`;

export async function seedDemoCall(
  calls: CallService,
  ids: { staffId: string; storefrontIds: [string, string] },
): Promise<string> {
  const [a, b] = ids.storefrontIds;
  await calls.updateExpose(ids.staffId, a, {
    offered: true,
    publicGroups: ['floor_plan', 'dimensions', 'equipment', 'access', 'availability', 'conditions', 'photos'],
    conditions: {
      fee: 'none',
      feeText: '',
      utilities: 'Strom und Wasser werden pauschal abgerechnet (50 € im Monat).',
      insurance: 'Veranstaltungshaftpflicht erforderlich.',
      keyHandover: 'Schlüsselübergabe durch die Stabsstelle.',
    },
    intro: 'Helles Ladenlokal mit großem Schaufenster an der Rheinischen Straße.',
  });
  await calls.updateExpose(ids.staffId, b, {
    offered: true,
    publicGroups: ['floor_plan', 'dimensions', 'access'],
    conditions: { fee: 'none', feeText: '', utilities: '', insurance: '', keyHandover: '' },
    intro: 'Die ehemalige Buchhandlung: Regale zum Weiternutzen, Fenster zur Union Straße.',
  });
  const deadline = localIn(28, '12:00');
  if (!fromBerlinLocal(deadline)) throw new Error('demo deadline');
  const call = await calls.create(ids.staffId, {
    title: 'Zwischennutzung im Unionviertel: zwei Läden für Gestaltung',
    body:
      'Die Stabsstelle Kreativquartiere sucht zwei Projekte aus Design, Szenografie und Kunst für zwei leerstehende ' +
      'Ladenlokale im Unionviertel. Die Läden stehen für acht Wochen mietfrei zur Verfügung.',
    disciplines: ['Szenografie', 'Produktdesign', 'Bildende Kunst'],
    storefrontIds: [a, b],
    periodStart: localIn(45, '00:00').slice(0, 10),
    periodEnd: localIn(101, '00:00').slice(0, 10),
    deadline,
    criteria: [
      { label: 'Idee und Qualität', description: 'Wie stark ist das Konzept?', weight: 3 },
      { label: 'Wirkung ins Quartier', description: 'Wen erreicht das Projekt im Viertel?', weight: 2 },
      { label: 'Machbarkeit', description: 'Zeit, Budget, Technik', weight: 1 },
    ],
    viewings: [
      { storefrontId: a, start: localIn(7, '10:00'), end: localIn(7, '11:00'), capacity: 8, note: 'Treffpunkt vor dem Laden.' },
      { storefrontId: b, start: localIn(9, '17:00'), end: localIn(9, '18:00'), capacity: 6, note: '' },
    ],
    blind: false,
    privacyText:
      'Ihre Angaben werden nur für die Auswahl in diesem Aufruf verarbeitet und sechs Monate nach dem Abschluss gelöscht.',
  });
  await calls.setJurors(ids.staffId, call.id, [ids.staffId]);
  await calls.publish(ids.staffId, call.id);
  return call.id;
}

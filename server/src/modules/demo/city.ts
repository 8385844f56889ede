import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type * as Y from 'yjs';
import { addLayoutItem, addScheduleEntry, addTask, scheduleHash, setConcept, setMeta } from '@planner/shared/plan/index';
import type { PlanTransition } from '@planner/shared';
import { seedDemoRota } from './rota.ts';
import {
  demoUserIds,
  firstPlanAt,
  insertPlanWithMembers,
  insertStorefront,
  storefrontsOfOwners,
  updateStorefrontDetails,
} from './repo.ts';
import { seedDemoHandover } from '../handover/demo.ts';

const Q = {
  union: '8d0c3f52-5d6a-4b0e-9b8e-0a1c00000001',
  nord: '8d0c3f52-5d6a-4b0e-9b8e-0a1c00000002',
  brueck: '8d0c3f52-5d6a-4b0e-9b8e-0a1c00000003',
  city: '8d0c3f52-5d6a-4b0e-9b8e-0a1c00000004',
  hoerde: '8d0c3f52-5d6a-4b0e-9b8e-0a1c00000005',
  huckarde: '8d0c3f52-5d6a-4b0e-9b8e-0a1c00000006',
  scharnhorst: '8d0c3f52-5d6a-4b0e-9b8e-0a1c00000007',
};

type Pt = { x: number; y: number };
const rect = (w: number, h: number): Pt[] => [
  { x: 0, y: 0 },
  { x: w, y: 0 },
  { x: w, y: h },
  { x: 0, y: h },
];
/** An L-shaped shop: w × h with the back-left corner (nw × nh) taken by a stairwell. */
const ell = (w: number, h: number, nw: number, nh: number): Pt[] => [
  { x: 0, y: 0 },
  { x: w, y: 0 },
  { x: w, y: h },
  { x: nw, y: h },
  { x: nw, y: h - nh },
  { x: 0, y: h - nh },
];
const area = (pts: Pt[]) =>
  Math.abs(pts.reduce((s, p, i) => s + p.x * pts[(i + 1) % pts.length].y - pts[(i + 1) % pts.length].x * p.y, 0)) / 2 / 10_000;

const DAY = 24 * 3600_000;
/** Midnight (UTC) of a day relative to the first Monday at least a week from now. */
function baseDay(now = Date.now()): number {
  const d = new Date(now + 7 * DAY);
  d.setUTCHours(0, 0, 0, 0);
  while (d.getUTCDay() !== 1) d.setTime(d.getTime() + DAY);
  return d.getTime();
}
/** An instant `day` days after the base at `hour`:`min` Berlin winter time (UTC+1, close enough for demo data). */
const at = (base: number, day: number, hour: number, min = 0) =>
  new Date(base + day * DAY + (hour - 1) * 3600_000 + min * 60_000).toISOString();

interface DemoStorefront {
  quarter: string;
  title: string;
  address: string;
  lat: number;
  lng: number;
  outline: Pt[];
  doors: { x: number; y: number; width: number; main?: boolean }[];
  status: 'vacant' | 'reserved' | 'in_use' | 'let';
  maxOccupancy: number | null;
  rules: string[];
  power: { sockets: number; maxLoadKw: number | null };
  features: { water: boolean; toilet: boolean; heating: boolean; stepFree: boolean };
  /** Availability windows as [fromDay, toDay] relative to the base day. */
  windows: [number, number][];
}

const MORE: DemoStorefront[] = [
  {
    quarter: Q.union,
    title: 'Ehemaliger Plattenladen',
    address: 'Adlerstraße 49, 44137 Dortmund',
    lat: 51.5118,
    lng: 7.4578,
    outline: rect(600, 900),
    doors: [{ x: 300, y: 0, width: 100, main: true }],
    status: 'vacant',
    maxOccupancy: 35,
    rules: ['Keine Nägel in die Holzvertäfelung'],
    power: { sockets: 6, maxLoadKw: 3.5 },
    features: { water: true, toilet: true, heating: true, stepFree: false },
    windows: [[0, 90]],
  },
  {
    quarter: Q.union,
    title: 'Eckladen Lange Straße',
    address: 'Lange Straße 48, 44137 Dortmund',
    lat: 51.5109,
    lng: 7.4531,
    outline: ell(1000, 800, 300, 300),
    doors: [{ x: 500, y: 0, width: 120, main: true }],
    status: 'reserved',
    maxOccupancy: 60,
    rules: ['Schaufenster nicht bekleben'],
    power: { sockets: 10, maxLoadKw: 7 },
    features: { water: true, toilet: true, heating: true, stepFree: true },
    windows: [[14, 120]],
  },
  {
    quarter: Q.nord,
    title: 'Ladenlokal Münsterstraße',
    address: 'Münsterstraße 103, 44145 Dortmund',
    lat: 51.5252,
    lng: 7.4605,
    outline: rect(800, 1200),
    doors: [{ x: 400, y: 0, width: 100, main: true }],
    status: 'vacant',
    maxOccupancy: 50,
    rules: ['Ruhezeiten ab 22 Uhr'],
    power: { sockets: 8, maxLoadKw: 5 },
    features: { water: true, toilet: true, heating: true, stepFree: true },
    windows: [[0, 60]],
  },
  {
    quarter: Q.nord,
    title: 'Alte Bäckerei',
    address: 'Mallinckrodtstraße 212, 44147 Dortmund',
    lat: 51.5231,
    lng: 7.4489,
    outline: ell(900, 700, 250, 250),
    doors: [{ x: 450, y: 0, width: 90, main: true }],
    status: 'in_use',
    maxOccupancy: 25,
    rules: ['Backofen ist außer Betrieb', 'Nicht bohren'],
    power: { sockets: 4, maxLoadKw: 3.5 },
    features: { water: true, toilet: false, heating: false, stepFree: false },
    windows: [[-10, 45]],
  },
  {
    quarter: Q.nord,
    title: 'Schaufenster Schützenstraße',
    address: 'Schützenstraße 41, 44147 Dortmund',
    lat: 51.5243,
    lng: 7.4572,
    outline: rect(500, 700),
    doors: [{ x: 250, y: 0, width: 90, main: true }],
    status: 'vacant',
    maxOccupancy: 20,
    rules: [],
    power: { sockets: 3, maxLoadKw: null },
    features: { water: false, toilet: false, heating: true, stepFree: true },
    windows: [[21, 100]],
  },
  {
    quarter: Q.brueck,
    title: 'Brückstraße 21',
    address: 'Brückstraße 21, 44135 Dortmund',
    lat: 51.5158,
    lng: 7.4683,
    outline: rect(700, 1500),
    doors: [{ x: 350, y: 0, width: 140, main: true }],
    status: 'vacant',
    maxOccupancy: 80,
    rules: ['Keine offenen Flammen'],
    power: { sockets: 12, maxLoadKw: 11 },
    features: { water: true, toilet: true, heating: true, stepFree: true },
    windows: [
      [0, 30],
      [40, 80],
    ],
  },
  {
    quarter: Q.city,
    title: 'Passage Kleppingstraße',
    address: 'Kleppingstraße 20, 44135 Dortmund',
    lat: 51.5129,
    lng: 7.4689,
    outline: rect(1200, 900),
    doors: [{ x: 600, y: 0, width: 160, main: true }],
    status: 'let',
    maxOccupancy: 120,
    rules: ['Zugang über die Passage nur 8–20 Uhr'],
    power: { sockets: 16, maxLoadKw: 22 },
    features: { water: true, toilet: true, heating: true, stepFree: true },
    windows: [],
  },
  {
    quarter: Q.hoerde,
    title: 'Ladenlokal Hermannstraße',
    address: 'Hermannstraße 70, 44263 Dortmund',
    lat: 51.4918,
    lng: 7.5097,
    outline: ell(800, 900, 300, 350),
    doors: [{ x: 400, y: 0, width: 100, main: true }],
    status: 'vacant',
    maxOccupancy: 40,
    rules: ['Schlüssel beim Hausmeister'],
    power: { sockets: 6, maxLoadKw: 5 },
    features: { water: true, toilet: true, heating: true, stepFree: false },
    windows: [[7, 70]],
  },
  {
    quarter: Q.huckarde,
    title: 'Urbanusstraße 5',
    address: 'Urbanusstraße 5, 44369 Dortmund',
    lat: 51.5369,
    lng: 7.4139,
    outline: rect(600, 800),
    doors: [{ x: 300, y: 0, width: 100, main: true }],
    status: 'vacant',
    maxOccupancy: 30,
    rules: [],
    power: { sockets: 5, maxLoadKw: 3.5 },
    features: { water: true, toilet: false, heating: true, stepFree: true },
    windows: [[0, 120]],
  },
  {
    quarter: Q.scharnhorst,
    title: 'Ladenzeile Gleiwitzstraße',
    address: 'Gleiwitzstraße 277, 44328 Dortmund',
    lat: 51.5457,
    lng: 7.5424,
    outline: rect(900, 1000),
    doors: [{ x: 450, y: 0, width: 120, main: true }],
    status: 'vacant',
    maxOccupancy: 70,
    rules: ['Parkplätze vor dem Laden freihalten'],
    power: { sockets: 8, maxLoadKw: 7 },
    features: { water: true, toilet: true, heating: true, stepFree: true },
    windows: [[10, 90]],
  },
];

/**
 * Grows the demo set into a believable city: a dozen storefronts across the quarters on real streets,
 * and plans in different states with layouts, schedules and tasks — arranged so that every kind of
 * check finds something. Runs once, right after the demo accounts were created on an empty database.
 */
export async function growDemoCity(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const base = baseDay();
  const win = ([a, b]: [number, number]) => ({ start: at(base, a, 0), end: at(base, b, 23, 59) });
  const users = await demoUserIds(db, 'demo.kreativquartiere.example');
  const staff = users.stabsstelle;
  const owner1 = users.eigentuemer1;
  const owner2 = users.eigentuemerin2;
  const d1 = users.gestalterin1;
  const d2 = users.gestalter2;
  const d3 = users.gestalterin3;

  // The two storefronts of the base demo set get their details.
  const [a, b] = await storefrontsOfOwners(db, owner1, owner2);
  const outlineA = ell(900, 700, 250, 250);
  await updateStorefrontDetails(db, a, {
    quarterId: Q.union,
    lat: 51.5125,
    lng: 7.4557,
    areaM2: area(outlineA),
    frontageCm: 900,
    windowWidthCm: 650,
    outline: outlineA,
    doors: [{ x: 450, y: 0, width: 110, main: true }],
    power: { sockets: 8, maxLoadKw: 7 },
    water: true,
    toilet: true,
    heating: true,
    stepFree: true,
    maxOccupancy: 45,
    availability: [win([0, 35])],
    houseRules: ['Nicht bohren', 'Keine Folie an den Scheiben'],
    keyHandoverNotes: 'Schlüssel im Kiosk nebenan (Herr Yilmaz)',
    status: 'reserved',
  });
  const outlineB = rect(700, 1000);
  await updateStorefrontDetails(db, b, {
    quarterId: Q.union,
    lat: 51.5137,
    lng: 7.4569,
    areaM2: area(outlineB),
    frontageCm: 700,
    windowWidthCm: 500,
    outline: outlineB,
    doors: [{ x: 350, y: 0, width: 100, main: true }],
    power: { sockets: 6, maxLoadKw: 3.5 },
    water: true,
    toilet: false,
    heating: true,
    maxOccupancy: 30,
    availability: [win([0, 60])],
    houseRules: ['Bücherregale bleiben stehen'],
    status: 'vacant',
  });

  const ids: string[] = [];
  for (const s of MORE) {
    const id = randomUUID();
    ids.push(id);
    await insertStorefront(db, {
      id,
      quarterId: s.quarter,
      ownerId: ids.length % 2 ? owner2 : owner1,
      title: s.title,
      address: s.address,
    });
    await updateStorefrontDetails(db, id, {
      quarterId: s.quarter,
      lat: s.lat,
      lng: s.lng,
      areaM2: area(s.outline),
      frontageCm: s.outline[1].x,
      windowWidthCm: Math.round(s.outline[1].x * 0.7),
      outline: s.outline,
      doors: s.doors,
      power: s.power,
      water: s.features.water,
      toilet: s.features.toilet,
      heating: s.features.heating,
      stepFree: s.features.stepFree,
      maxOccupancy: s.maxOccupancy,
      availability: s.windows.map(win),
      houseRules: s.rules,
      status: s.status,
    });
  }
  const nordstadt = ids[2]; // Münsterstraße

  const klangraum = await firstPlanAt(db, a);
  const newPlan = async (storefrontId: string, title: string, members: [string, 'designer' | 'owner' | 'staff'][]) => {
    const id = randomUUID();
    await insertPlanWithMembers(db, { id, storefrontId, title, members });
    return id;
  };
  const write = (planId: string, fn: (doc: Y.Doc) => void) => app.sync.transact(planId, fn);
  // Transitions go through the one plan lifecycle, as the people named (events and subscribers included).
  const move = async (planId: string, steps: [PlanTransition, string][]) => {
    for (const [t, actor] of steps) {
      // Staff decide on what they see: the live schedule's hash, and the demo's known findings acknowledged.
      const seen = t === 'approve' ? scheduleHash((await app.review.docs.live(planId)).json.schedule) : undefined;
      await app.plans.lifecycle.transition({ userId: actor }, planId, t, {
        note: t === 'approve' ? 'Zeitplan passt, bitte Fluchtwege freihalten.' : undefined,
        scheduleHash: seen,
        acknowledgeErrors: t === 'approve' ? 'Demo: bekannte Konflikte, zur Ansicht.' : undefined,
        overrideConsent: t === 'publish' ? 'Demo: Zustimmung der Eigentümer:in mündlich.' : undefined,
        // Publishing checks open errors afresh (publication/): the demo's are known and shown on purpose.
        body: t === 'publish' ? { overrideErrors: 'Demo: bekannte Konflikte, zur Ansicht.' } : undefined,
      });
    }
  };

  // 1. Klangraum (draft): a sound installation that still has problems of every layout kind.
  if (klangraum) {
    await write(klangraum, (doc) => {
      setMeta(doc, {
        title: 'Klangraum Unionviertel',
        disciplines: ['sound-design', 'scenography'],
        expectedAudience: 'Nachbarschaft, Studierende',
        publicDescription: 'Eine begehbare Klanginstallation im ehemaligen Ladenlokal.',
      });
      setConcept(
        doc,
        'Acht Lautsprecher, ein Raum: Besucher:innen bewegen sich durch wechselnde Klangfelder aus Aufnahmen der Rheinischen Straße.',
      );
      addLayoutItem(doc, { kind: 'partition-wall', x: 300, y: 300, w: 400, h: 20, label: 'Trennwand' });
      addLayoutItem(doc, { kind: 'plinth', x: 350, y: 260, w: 80, h: 80, label: 'Sockel Mischpult' }); // overlaps the wall
      addLayoutItem(doc, { kind: 'seating-row', x: 820, y: 600, w: 200, h: 60, label: 'Sitzreihe' }); // sticks out of the shop
      addLayoutItem(doc, { kind: 'display-case', x: 440, y: 20, w: 100, h: 60, label: 'Vitrine' }); // in front of the door
      addLayoutItem(doc, { kind: 'speaker', x: 100, y: 50, w: 40, h: 40, label: 'Lautsprecher 1' });
      addLayoutItem(doc, { kind: 'speaker', x: 800, y: 50, w: 40, h: 40, label: 'Lautsprecher 2' });
      const setup = addScheduleEntry(doc, { kind: 'setup', title: 'Aufbau', start: at(base, 2, 9), end: at(base, 3, 18) });
      addScheduleEntry(doc, {
        kind: 'opening',
        title: 'Eröffnung mit Live-Set',
        start: at(base, 4, 19),
        end: at(base, 4, 23),
        expectedAttendance: 220,
        public: true,
        seating: 'standing',
      });
      addScheduleEntry(doc, {
        kind: 'open-hours',
        title: 'Geöffnet',
        start: at(base, 5, 14),
        end: at(base, 5, 20),
        expectedAttendance: 30,
        public: true,
      });
      addScheduleEntry(doc, { kind: 'teardown', title: 'Abbau', start: at(base, 40, 9), end: at(base, 40, 17) }); // after the availability window
      addTask(doc, {
        title: 'Lautsprecher ausleihen',
        assignee: d1,
        due: new Date(Date.now() - 2 * DAY).toISOString(),
        scheduleEntryId: setup,
      }); // overdue
      addTask(doc, { title: 'GEMA-Anmeldung', assignee: null }); // nobody
      addTask(doc, { title: 'Stromlast mit Eigentümer klären', assignee: d2, due: at(base, 6, 12) }); // due after setup
    });
  }

  // 2. Fotografie (submitted) and 3. Möbel (approved) at the same storefront B, overlapping: a double booking.
  const foto = await newPlan(b, 'Licht und Schatten – Fotografie im Schaufenster', [
    [d2, 'designer'],
    [owner2, 'owner'],
  ]);
  await write(foto, (doc) => {
    setMeta(doc, {
      title: 'Licht und Schatten',
      disciplines: ['photography'],
      publicDescription: 'Nachtfotografie aus dem Unionviertel, zu sehen rund um die Uhr im Schaufenster.',
    });
    addLayoutItem(doc, { kind: 'artwork', x: 100, y: 30, w: 500, h: 10, label: 'Fotoreihe' });
    addLayoutItem(doc, { kind: 'light', x: 300, y: 100, w: 30, h: 30, label: 'Strahler' });
    const opening = addScheduleEntry(doc, {
      kind: 'opening',
      title: 'Vernissage',
      start: at(base, 10, 18),
      end: at(base, 10, 21),
      expectedAttendance: 40,
      public: true,
    });
    addScheduleEntry(doc, {
      kind: 'open-hours',
      title: 'Schaufenster',
      start: at(base, 11, 10),
      end: at(base, 20, 20),
      public: true,
    });
    addTask(doc, { title: 'Vernissage moderieren', assignee: d2, due: at(base, 10, 18), scheduleEntryId: opening });
  });
  await move(foto, [['submit', d2]]);

  const moebel = await newPlan(b, 'Sitzgelegenheiten – Möbel aus dem Quartier', [
    [d3, 'designer'],
    [owner2, 'owner'],
  ]);
  await write(moebel, (doc) => {
    setMeta(doc, {
      title: 'Sitzgelegenheiten',
      disciplines: ['furniture-design', 'product-design'],
      publicDescription: 'Stühle und Bänke aus Dortmunder Werkstätten zum Probesitzen.',
    });
    addLayoutItem(doc, { kind: 'plinth', x: 100, y: 200, w: 120, h: 120, label: 'Sockel 1' });
    addLayoutItem(doc, { kind: 'plinth', x: 400, y: 200, w: 120, h: 120, label: 'Sockel 2' });
    addLayoutItem(doc, { kind: 'seating-row', x: 100, y: 600, w: 400, h: 60, label: 'Bank' });
    addScheduleEntry(doc, { kind: 'setup', title: 'Aufbau', start: at(base, 17, 9), end: at(base, 17, 17) });
    addScheduleEntry(doc, {
      kind: 'event',
      title: 'Probesitzen mit den Werkstätten',
      start: at(base, 18, 17),
      end: at(base, 18, 20),
      expectedAttendance: 25,
      public: true,
      seating: 'seated',
    });
    addScheduleEntry(doc, { kind: 'teardown', title: 'Abbau', start: at(base, 25, 9), end: at(base, 25, 14) });
    addTask(doc, { title: 'Transporter organisieren', assignee: d3, due: at(base, 15, 12) });
  });
  await move(moebel, [
    ['submit', d3],
    ['approve', staff],
  ]);

  // 4. Zine-Werkstatt (published) in the Nordstadt; Gustav runs its workshop while he hosts the Vernissage.
  const zine = await newPlan(nordstadt, 'Zine-Werkstatt Nordstadt', [
    [d1, 'designer'],
    [d2, 'designer'],
    [owner1, 'owner'],
  ]);
  await write(zine, (doc) => {
    setMeta(doc, {
      title: 'Zine-Werkstatt Nordstadt',
      disciplines: ['graphic-design', 'illustration'],
      publicDescription: 'Offene Druckwerkstatt: eigene Hefte gestalten, drucken, binden. Für alle ab 12 Jahren.',
    });
    addLayoutItem(doc, { kind: 'table', x: 100, y: 300, w: 200, h: 90, label: 'Drucktisch' });
    addLayoutItem(doc, { kind: 'table', x: 450, y: 300, w: 200, h: 90, label: 'Bindetisch' });
    addLayoutItem(doc, { kind: 'counter', x: 100, y: 1000, w: 300, h: 60, label: 'Theke' });
    addScheduleEntry(doc, { kind: 'setup', title: 'Aufbau', start: at(base, 8, 10), end: at(base, 8, 16) });
    const ws = addScheduleEntry(doc, {
      kind: 'workshop',
      title: 'Zines drucken',
      start: at(base, 10, 17),
      end: at(base, 10, 20),
      expectedAttendance: 16,
      public: true,
      seating: 'seated',
    });
    addScheduleEntry(doc, {
      kind: 'workshop',
      title: 'Risografie für Einsteiger:innen',
      start: at(base, 12, 15),
      end: at(base, 12, 18),
      expectedAttendance: 12,
      public: true,
      seating: 'seated',
    });
    addScheduleEntry(doc, {
      kind: 'open-hours',
      title: 'Offene Werkstatt',
      start: at(base, 13, 12),
      end: at(base, 13, 18),
      public: true,
    });
    // Issue 18: recurring opening hours, "Mi–So 12–18 Uhr" for three weeks, closed on one Wednesday.
    const date = (day: number) => new Date(base + day * DAY).toISOString().slice(0, 10);
    addScheduleEntry(doc, {
      kind: 'open-hours',
      title: 'Ausstellung der Hefte',
      start: at(base, 16, 12),
      end: at(base, 34, 18),
      public: true,
      recurrence: {
        from: date(15),
        until: date(35),
        weekly: [3, 4, 5, 6, 7].map((day) => ({ day, start: '12:00', end: '18:00' })),
        exceptions: [{ date: date(23), closed: true }],
      },
    });
    addTask(doc, { title: 'Workshop leiten', assignee: d2, due: at(base, 10, 17), scheduleEntryId: ws });
    addTask(doc, { title: 'Papier bestellen', assignee: d1, due: at(base, 7, 12), status: 'done' });
  });
  await move(zine, [
    ['submit', d1],
    ['approve', staff],
    ['publish', staff],
  ]);
  // The Zine-Werkstatt moved in: its move-in handover protocol is confirmed by both sides and locked (issue 18).
  await seedDemoHandover(app, zine, d1);
  // The Klangraum's duty rota, with one shift nobody has taken yet (issue 18).
  if (klangraum) await seedDemoRota(app, klangraum, d1);
  app.log.info('demo city created: %d storefronts, 4 plans', MORE.length + 2);
}

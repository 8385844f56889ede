/**
 * Demo data of open calls (issue 16): both demo storefronts offered with some groups public, and one
 * published call for them with criteria, two viewing slots and the staff account as juror. Goes through
 * the calls service, so it is what staff would have done by hand.
 */
import { randomUUID } from 'node:crypto';
import { fromBerlinLocal, toBerlinLocal, type AccountRole, type ApplicationPatch } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import { createUser } from '../accounts/users.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { audit } from '../activity/audit.ts';
import type { ApplicationService } from '../applications/service.ts';
import { addJuror } from '../calls/repo.ts';
import type { CallService } from '../calls/service.ts';
import type { JuryService } from '../jury/service.ts';
import { DEMO_PASSWORD } from './seed.ts';
import { deadlinePassed, decideDemoCall, setPasswordHash } from './repo.ts';

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

// ── Jury and decision (issue 16 acceptance): a call in its jury phase, and one decided into a demo plan ──

/**
 * Accounts of the calls demo beside the base set: three people who made an account inside an application
 * form (role applicant) and one external juror (role juror). Same demo password; printed with the other
 * demo logins.
 */
export const CALL_DEMO_ACCOUNTS = [
  { key: 'applicant1', email: 'bewerberin1@demo.kreativquartiere.example', name: 'Bea Bogen (Bewerberin)', roles: ['applicant'] },
  { key: 'applicant2', email: 'bewerber2@demo.kreativquartiere.example', name: 'Hannes Holz (Bewerber)', roles: ['applicant'] },
  {
    key: 'applicant3',
    email: 'bewerberin3@demo.kreativquartiere.example',
    name: 'Lina Licht (Bewerberin)',
    roles: ['applicant'],
  },
  { key: 'juror', email: 'jurorin@demo.kreativquartiere.example', name: 'Johanna Jury (externe Jurorin)', roles: ['juror'] },
] as const satisfies readonly { key: string; email: string; name: string; roles: readonly AccountRole[] }[];

export type CallDemoKey = (typeof CALL_DEMO_ACCOUNTS)[number]['key'];

/** Banner lines of the calls demo's own accounts (the base set prints its own). */
export function callDemoBanner(): string[] {
  return CALL_DEMO_ACCOUNTS.map((a) => `  ${a.key.padEnd(10)} ${a.email}`);
}

interface Concept {
  concept: string;
  disciplines: string[];
  formats: ApplicationPatch['formats'];
  needs: ApplicationPatch['needs'];
  needsNote: string;
  expectedAudience: string;
  links: { url: string; label: string }[];
}

/** Six concepts for the call in its jury phase, in the order of the applicants below. */
const JURY_CONCEPTS: Concept[] = [
  {
    concept:
      'Stadtfarben – eine Farbbibliothek des Unionviertels\n\nWir sammeln Farbproben von Fassaden, Türen und Schildern im Viertel und mischen daraus eine Palette zum Mitnehmen. Im Laden entsteht eine begehbare Farbkarte; samstags mischen Besucherinnen und Besucher mit uns eigene Töne.',
    disciplines: ['Grafikdesign', 'Farbgestaltung'],
    formats: ['exhibition', 'workshop'],
    needs: ['power', 'water'],
    needsNote: 'Ein Waschbecken für die Pinsel wäre ideal.',
    expectedAudience: 'Familien aus dem Viertel, Gestaltungsstudierende, etwa 60 Besuche pro Woche',
    links: [{ url: 'https://example.org/stadtfarben', label: 'Projektseite' }],
  },
  {
    concept:
      'Geräuschkulisse Union\n\nEine Klanginstallation aus Aufnahmen der Rheinischen Straße: Straßenbahn, Markt, Hinterhöfe. Abends wird das Schaufenster zur Bühne für kurze Live-Sets, tagsüber hört man das Viertel über Kopfhörer an einer Hörbar.',
    disciplines: ['Sounddesign', 'Medienkunst'],
    formats: ['exhibition', 'performance'],
    needs: ['power', 'darkness'],
    needsNote: 'Verdunkelung des Schaufensters für die Abendtermine.',
    expectedAudience: 'Nachbarschaft und Musikszene, zu den Live-Sets 30–40 Personen',
    links: [{ url: 'https://example.org/geraeuschkulisse', label: 'Hörproben' }],
  },
  {
    concept:
      'Reparaturwerkstatt für Möbel mit Geschichte\n\nWir richten alte Stühle und Regale aus Haushaltsauflösungen im Viertel her und zeigen, wie man selbst repariert. Jede Woche ein offener Werkstattabend, am Ende eine Ausstellung der geretteten Stücke.',
    disciplines: ['Produktdesign', 'Tischlerei'],
    formats: ['workshop', 'open-studio', 'exhibition'],
    needs: ['power', 'storage'],
    needsNote: 'Starkstrom ist nicht nötig, aber Lagerfläche für Holz.',
    expectedAudience: 'Menschen jeden Alters, die reparieren lernen wollen; 15 pro Werkstattabend',
    links: [],
  },
  {
    concept:
      'Papier und Presse – eine offene Druckwerkstatt\n\nMit einer kleinen Buchdruckpresse und Risografie drucken wir Plakate für Vereine und Initiativen im Viertel. Die Drucke hängen im Fenster und wechseln wöchentlich.',
    disciplines: ['Grafikdesign', 'Druckgrafik'],
    formats: ['workshop', 'open-studio'],
    needs: ['power', 'heating'],
    needsNote: '',
    expectedAudience: 'Vereine, Schulklassen, Gestaltungsinteressierte',
    links: [{ url: 'https://example.org/papier-und-presse', label: 'Portfolio' }],
  },
  {
    concept:
      'Leuchtkästen – Licht als Schaufenster\n\nAus Fundstücken des Viertels bauen wir Leuchtkästen, die nachts das Schaufenster bespielen. Tagsüber ist der Laden ein offenes Atelier, in dem man beim Bau zusehen und mitmachen kann.',
    disciplines: ['Lichtgestaltung', 'Bildende Kunst'],
    formats: ['exhibition', 'open-studio'],
    needs: ['power', 'darkness', 'step-free'],
    needsNote: 'Ein Zeitschalter für die Schaufensterbeleuchtung.',
    expectedAudience: 'Passantinnen und Passanten am Abend, Kunstinteressierte',
    links: [],
  },
  {
    concept:
      'Textile Nachbarschaft\n\nEin Nähcafé, in dem aus gespendeten Stoffen des Viertels ein gemeinsamer Vorhang für das Schaufenster entsteht. Zum Abschluss eine kleine Modenschau mit Stücken aus dem Nähcafé.',
    disciplines: ['Modedesign', 'Textilgestaltung'],
    formats: ['workshop', 'performance'],
    needs: ['power', 'heating', 'water'],
    needsNote: 'Tische für sechs Nähmaschinen.',
    expectedAudience: 'Nachbarinnen und Nachbarn, Seniorinnen-Treff, Schulen; 20 pro Nachmittag',
    links: [{ url: 'https://example.org/textile-nachbarschaft', label: 'Bilder früherer Nähcafés' }],
  },
];

/** The concepts of the decided call: the first became the Klangraum plan, the others were declined. */
const DECIDED_CONCEPTS: Concept[] = [
  {
    concept:
      'Klangraum Unionviertel\n\nEin Laden wird zum Instrument: Wir bauen aus Fundstücken klingende Objekte, laden zu Hörabenden ein und öffnen die Werkstatt an den Wochenenden. Zur Eröffnung spielt ein Ensemble aus dem Viertel.',
    disciplines: ['Sounddesign', 'Produktdesign'],
    formats: ['exhibition', 'performance', 'open-studio'],
    needs: ['power', 'darkness'],
    needsNote: 'Steckdosen im hinteren Raum für die Verstärker.',
    expectedAudience: 'Nachbarschaft, Musikszene, Schulklassen; 300 Besuche in vier Wochen',
    links: [{ url: 'https://example.org/klangraum', label: 'Klangraum' }],
  },
  {
    concept:
      'Kulissen fürs Viertel\n\nSzenografische Schaufenster, die jede Woche eine Geschichte aus dem Viertel erzählen, gebaut mit Anwohnerinnen und Anwohnern.',
    disciplines: ['Szenografie'],
    formats: ['exhibition', 'workshop'],
    needs: ['power'],
    needsNote: '',
    expectedAudience: 'Passantinnen und Passanten',
    links: [],
  },
  {
    concept:
      'Schattenspiele\n\nEin Schattentheater im Schaufenster mit Figuren, die Kinder aus dem Viertel entwerfen; jeden Freitag eine Vorstellung.',
    disciplines: ['Bildende Kunst', 'Theater'],
    formats: ['performance', 'workshop'],
    needs: ['darkness'],
    needsNote: 'Verdunkelung des Schaufensters.',
    expectedAudience: 'Kinder und Familien',
    links: [],
  },
];

export interface CallDemoDeps {
  db: Database;
  calls: CallService;
  applications: ApplicationService;
  jury: JuryService;
}

export interface CallDemoIds {
  staffId: string;
  /** The base set's designers (designer1 leads the Klangraum plan with designer2). */
  designerIds: [string, string, string];
  storefrontIds: [string, string];
  /** The Klangraum plan of the base set (storefront a): the decided call's selection. */
  klangraumPlanId: string;
  /** Tests: a suffix in the calls demo's own addresses, as createDemoSet's `emailSuffix`. */
  emailSuffix?: string;
}

export interface CallDemo {
  openCallId: string;
  juryCallId: string;
  decidedCallId: string;
  users: Record<CallDemoKey, string>;
  /** The jury call's applications, in the order of JURY_CONCEPTS. */
  juryApplicationIds: string[];
  decidedApplicationIds: string[];
}

const IP = '127.0.0.1';

async function applyAndSubmit(
  deps: CallDemoDeps,
  slug: string,
  userId: string,
  c: Concept,
  storefronts: { storefrontId: string; rank: number }[],
  period: { start: string; end: string },
): Promise<string> {
  const { application } = await deps.applications.create(
    slug,
    userId,
    {
      draft: {
        concept: c.concept,
        disciplines: c.disciplines,
        storefronts,
        periodStart: period.start,
        periodEnd: period.end,
        formats: c.formats,
        expectedAudience: c.expectedAudience,
        needs: c.needs,
        needsNote: c.needsNote,
        portfolioLinks: c.links,
        consent: true,
      },
    },
    IP,
  );
  await deps.applications.submit(application.id, userId, IP);
  return application.id;
}

/**
 * All of the calls demo: the open call of {@link seedDemoCall}; a call for both storefronts whose
 * deadline passed yesterday (still published, so the jury is scoring) with six submitted applications,
 * the staff account and an external juror half-way through their scoring and one conflict declared; and
 * a decided call for storefront a whose selection is the Klangraum plan (the others declined).
 * Through the services, as people would have done it; SQL only where a service refuses what the demo
 * needs (deadlines in the past, a selection that links an existing plan, a confirmed co-applicant).
 */
export async function seedDemoCalls(deps: CallDemoDeps, ids: CallDemoIds): Promise<CallDemo> {
  const [a, b] = ids.storefrontIds;
  const email = (e: string) => (ids.emailSuffix ? e.replace('@', `+${ids.emailSuffix}@`) : e);
  const hash = await hashPassword(DEMO_PASSWORD);
  const users = {} as Record<CallDemoKey, string>;
  for (const acc of CALL_DEMO_ACCOUNTS) {
    const u = await createUser(deps.db, { email: email(acc.email), name: acc.name, roles: [...acc.roles] });
    await setPasswordHash(deps.db, u.id, hash);
    users[acc.key] = u.id;
  }
  const openCallId = await seedDemoCall(deps.calls, { staffId: ids.staffId, storefrontIds: ids.storefrontIds });

  // The call in its jury phase.
  const period = { start: localIn(30, '00:00').slice(0, 10), end: localIn(72, '00:00').slice(0, 10) };
  const jury = await deps.calls.create(ids.staffId, {
    title: 'Schaufenster für das Viertel: Winteraktion im Unionviertel',
    body:
      'Für die dunkle Jahreszeit suchen wir Projekte, die die beiden Läden an der Rheinischen Straße und der Union Straße ' +
      'zum Leuchten bringen: offen für die Nachbarschaft, mit Werkstätten, Ausstellungen und Abendterminen.',
    disciplines: ['Grafikdesign', 'Produktdesign', 'Medienkunst', 'Textilgestaltung'],
    storefrontIds: [a, b],
    periodStart: period.start,
    periodEnd: period.end,
    deadline: localIn(7, '12:00'),
    criteria: [
      { label: 'Idee und Qualität', description: 'Wie stark ist das Konzept?', weight: 3 },
      { label: 'Wirkung ins Quartier', description: 'Wen erreicht das Projekt im Viertel?', weight: 2 },
      { label: 'Machbarkeit', description: 'Zeit, Budget, Technik', weight: 1 },
    ],
    viewings: [],
    blind: false,
    privacyText:
      'Ihre Angaben werden nur für die Auswahl in diesem Aufruf verarbeitet und sechs Monate nach dem Abschluss gelöscht.',
  });
  await deps.calls.setJurors(ids.staffId, jury.id, [ids.staffId]);
  // The external juror accepted an invitation (the invitation's token is mailed; the demo links directly).
  await addJuror(deps.db, jury.id, users.juror, ids.staffId);
  await deps.calls.publish(ids.staffId, jury.id);
  const applicants = [
    ids.designerIds[0],
    ids.designerIds[1],
    ids.designerIds[2],
    users.applicant1,
    users.applicant2,
    users.applicant3,
  ];
  const juryApplicationIds: string[] = [];
  for (const [i, c] of JURY_CONCEPTS.entries()) {
    const ranks = i % 2 === 0 ? [a, b] : [b, a];
    juryApplicationIds.push(
      await applyAndSubmit(
        deps,
        jury.slug,
        applicants[i],
        c,
        ranks.map((storefrontId, r) => ({ storefrontId, rank: r + 1 })),
        period,
      ),
    );
  }
  // The deadline passed yesterday: applications are locked, the jury scores (the service refuses a past deadline).
  await deadlinePassed(deps.db, jury.id, 1);
  const criteria = jury.criteria.map((c) => c.id);
  const sheet = (values: number[], comment: string) => ({
    scores: values.map((score, i) => ({ criterionId: criteria[i], score })),
    comment,
  });
  const [j0, j1, j2, j3, j4] = juryApplicationIds;
  // Staff: three of six complete.
  await deps.jury.score(jury.id, j0, ids.staffId, sheet([5, 4, 4], 'Sehr stimmig, gut für Familien.'), null);
  await deps.jury.score(jury.id, j1, ids.staffId, sheet([4, 3, 2], 'Starke Idee; Lautstärke am Abend klären.'), null);
  await deps.jury.score(jury.id, j2, ids.staffId, sheet([3, 5, 4], ''), null);
  // The external juror: a conflict (she knows the applicant), two complete, one begun.
  await deps.jury.conflict(jury.id, j3, users.juror, 'Ich habe mit der Bewerberin 2025 ein Projekt gemacht.', null);
  await deps.jury.score(jury.id, j0, users.juror, sheet([4, 4, 5], 'Überzeugt mich.'), null);
  await deps.jury.score(jury.id, j1, users.juror, sheet([5, 3, 3], ''), null);
  await deps.jury.score(jury.id, j4, users.juror, sheet([3], 'Noch nicht fertig bewertet.'), null);

  // The decided call: its selection is the Klangraum plan of the base set.
  const decided = await deps.calls.create(ids.staffId, {
    title: 'Frühjahrsaufruf Rheinische Straße: Klang, Raum und Szene',
    body: 'Ein Laden an der Rheinischen Straße für ein Projekt aus Sounddesign, Szenografie oder Bildender Kunst.',
    disciplines: ['Sounddesign', 'Szenografie', 'Bildende Kunst'],
    storefrontIds: [a],
    periodStart: period.start,
    periodEnd: period.end,
    deadline: localIn(7, '12:00'),
    criteria: [
      { label: 'Idee und Qualität', description: '', weight: 2 },
      { label: 'Wirkung ins Quartier', description: '', weight: 1 },
    ],
    viewings: [],
    blind: false,
    privacyText:
      'Ihre Angaben werden nur für die Auswahl in diesem Aufruf verarbeitet und sechs Monate nach dem Abschluss gelöscht.',
  });
  await deps.calls.setJurors(ids.staffId, decided.id, [ids.staffId]);
  await deps.calls.publish(ids.staffId, decided.id);
  const decidedBy = [ids.designerIds[0], ids.designerIds[2], users.applicant3];
  const decidedApplicationIds: string[] = [];
  for (const [i, c] of DECIDED_CONCEPTS.entries())
    decidedApplicationIds.push(await applyAndSubmit(deps, decided.slug, decidedBy[i], c, [{ storefrontId: a, rank: 1 }], period));
  const [selected, ...declined] = decidedApplicationIds;
  await deps.db.transaction(async (tx) => {
    // designer2 joined designer1's application as confirmed co-applicant (both are in the Klangraum plan).
    await decideDemoCall(tx, {
      callId: decided.id,
      selectedId: selected,
      declinedIds: declined,
      planId: ids.klangraumPlanId,
      staffId: ids.staffId,
      coApplicantId: ids.designerIds[1],
      memberId: randomUUID(),
    });
    for (const [id, decision] of [[selected, 'selected'], ...declined.map((d) => [d, 'declined'])] as const)
      await audit(tx, {
        actorId: ids.staffId,
        action: 'call.decided',
        subjectType: 'application',
        subjectId: id,
        planId: decision === 'selected' ? ids.klangraumPlanId : undefined,
        details: { callId: decided.id, decision },
      });
  });
  return { openCallId, juryCallId: jury.id, decidedCallId: decided.id, users, juryApplicationIds, decidedApplicationIds };
}

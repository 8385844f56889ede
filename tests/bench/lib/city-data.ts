/**
 * The city generator of `pnpm bench --city` (issue 19): a realistic Dortmund after five years in an empty,
 * migrated database. Plans are written as the product stores them, without going through the server:
 * each plan's Yjs document is built in this process with the shared plan accessors (`addScheduleEntry` …)
 * and stored as one compacted state in `documents`; its JSON form and findings go to `plan_snapshots`
 * (what the city checks and the "free in a date range" filter read), its schedule span to `plans`, and
 * the plans that were submitted or decided get their `plan_versions` and `approvals` with the normalised
 * schedule copy (what the public programme reads). Rows go in as multi-row inserts.
 *
 * Deterministic for a seed. Open calls (50 calls, 1,500 applications) are not generated yet: see
 * {@link seedCalls}.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { runPlanChecks, type PlanInput, type StorefrontInput } from '@planner/shared/checks/index';
import {
  addLayoutItem,
  addScheduleEntry,
  addTask,
  normaliseSchedule,
  scheduleHash,
  scheduleReach,
  setConcept,
  setMeta,
  toBerlinISO,
  toJSON,
  type PlanDocJSON,
} from '@planner/shared/plan/index';
import type { Queryable } from '@planner/server';
import { hashPassword } from '@planner/server/modules/accounts/passwords';
import { spanLiteral } from '@planner/server/modules/review/repo';
import * as N from './city-names.ts';

export interface CitySize {
  quarters: number;
  storefronts: number;
  plans: number;
  /** Schedule entries across all plans. */
  entries: number;
  comments: number;
  users: number;
  /** Not generated until calls exist (see seedCalls). */
  calls: number;
  applications: number;
}

/** Dortmund after five years, as issue 19 asks. */
export const FULL_CITY: CitySize = {
  quarters: 40,
  storefronts: 500,
  plans: 2000,
  entries: 40_000,
  comments: 10_000,
  users: 300,
  calls: 50,
  applications: 1500,
};

/** The city scaled to `plans` plans, everything else in proportion (at least one of each). */
export function cityOfPlans(plans: number): CitySize {
  const f = plans / FULL_CITY.plans;
  const n = (v: number, min = 1) => Math.max(min, Math.round(v * f));
  return {
    quarters: Math.min(FULL_CITY.quarters, n(FULL_CITY.quarters, 7)),
    storefronts: n(FULL_CITY.storefronts, 2),
    plans,
    entries: n(FULL_CITY.entries, plans * 4),
    comments: n(FULL_CITY.comments),
    users: n(FULL_CITY.users, 12),
    calls: n(FULL_CITY.calls),
    applications: n(FULL_CITY.applications),
  };
}

export const CITY_PASSWORD = 'kreativquartier-bench';
export const CITY_EMAIL_DOMAIN = 'city.bench.example';

export interface GeneratedCity {
  size: CitySize;
  counts: Record<string, number>;
  staffEmail: string;
  /** The quarters the storefronts are in (for the storefront search's filters). */
  quarterIds: string[];
  /** Active plans (draft to published) with their storefront, for the edit measurement. */
  activePlans: { id: string; status: string; entryIds: string[] }[];
  approvedPlanIds: string[];
  ms: number;
}

const DAY = 86_400_000;

/** mulberry32: small, fast, seeded. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

/** Inserts rows in batches of at most ~30,000 parameters. */
export async function insertRows(db: Queryable, table: string, columns: string[], rows: unknown[][], casts: string[] = []) {
  const per = Math.max(1, Math.floor(30_000 / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const batch = rows.slice(i, i + per);
    const params: unknown[] = [];
    const values = batch.map(
      (r) =>
        `(${r
          .map((v, j) => {
            params.push(v);
            return `$${params.length}${casts[j] ?? ''}`;
          })
          .join(', ')})`,
    );
    await db.query(`insert into ${table} (${columns.join(', ')}) values ${values.join(', ')}`, params);
  }
}

type Pt = { x: number; y: number };
const rect = (w: number, h: number): Pt[] => [
  { x: 0, y: 0 },
  { x: w, y: 0 },
  { x: w, y: h },
  { x: 0, y: h },
];
const ell = (w: number, h: number, nw: number, nh: number): Pt[] => [
  { x: 0, y: 0 },
  { x: w, y: 0 },
  { x: w, y: h },
  { x: nw, y: h },
  { x: nw, y: h - nh },
  { x: 0, y: h - nh },
];
const polygonArea = (pts: Pt[]) =>
  Math.abs(pts.reduce((s, p, i) => s + p.x * pts[(i + 1) % pts.length].y - pts[(i + 1) % pts.length].x * p.y, 0)) / 2 / 10_000;

interface Shop {
  id: string;
  quarterId: string;
  ownerId: string;
  w: number;
  h: number;
  input: StorefrontInput;
}
interface Plan {
  id: string;
  shop: Shop;
  status: string;
  title: string;
  start: number;
  end: number;
  members: [string, 'designer' | 'owner'][];
  doc?: Y.Doc;
  json?: PlanDocJSON;
  createdAt: number;
}

/**
 * Fills an empty, migrated database with a city of `size`, relative to `now`. Returns what the benchmark
 * needs to address it (staff login, plan ids). Plans run from five years before `now` to half a year after.
 */
export async function generateCity(
  db: Queryable,
  size: CitySize,
  opts: { seed?: number; now?: number; log?: (line: string) => void } = {},
): Promise<GeneratedCity> {
  const t0 = performance.now();
  const r = rng(opts.seed ?? 19);
  const now = opts.now ?? Date.now();
  const log = opts.log ?? (() => {});
  const counts: Record<string, number> = {};
  const from = now - 5 * 365 * DAY;
  const until = now + 180 * DAY;
  const iso = (ms: number) => new Date(ms).toISOString();

  // ── people: staff, owners, designers (a few designers own a shop too) ──
  const hash = await hashPassword(CITY_PASSWORD);
  const staff: string[] = [];
  const owners: string[] = [];
  const designers: string[] = [];
  const userRows: unknown[][] = [];
  const nStaff = Math.max(1, Math.round(size.users * 0.05));
  const nOwners = Math.max(1, Math.round(size.users * 0.35));
  for (let i = 0; i < size.users; i++) {
    const id = randomUUID();
    const first = r.pick(N.FIRST_NAMES);
    const last = r.pick(N.LAST_NAMES);
    const kind = i < nStaff ? 'staff' : i < nStaff + nOwners ? 'owner' : 'designer';
    const roles = kind === 'designer' && r.chance(0.05) ? ['designer', 'owner'] : [kind];
    (kind === 'staff' ? staff : kind === 'owner' ? owners : designers).push(id);
    if (roles.includes('owner') && kind === 'designer') owners.push(id);
    const email = `${kind}${i}.${first.toLowerCase().replace(/[^a-z]/g, '')}@${CITY_EMAIL_DOMAIN}`;
    userRows.push([id, email, `${first} ${last}`, kind === 'staff', roles, hash, iso(from - r.int(0, 365) * DAY)]);
  }
  if (!designers.length) designers.push(owners[0]);
  await insertRows(db, 'users', ['id', 'email', 'name', 'staff', 'roles', 'password_hash', 'created_at'], userRows, [
    '',
    '',
    '',
    '',
    '::text[]',
  ]);
  counts.users = userRows.length;

  // ── quarters: the seven of migration 004 plus more, up to size.quarters ──
  const quarterDefs = N.QUARTERS.slice(0, Math.min(size.quarters, N.QUARTERS.length));
  for (const [name, slug] of quarterDefs)
    await db.query('insert into quarters (id, name, slug) values ($1, $2, $3) on conflict (slug) do nothing', [
      randomUUID(),
      name,
      slug,
    ]);
  const { rows: qrows } = await db.query<{ id: string; slug: string }>('select id, slug from quarters where slug = any($1)', [
    quarterDefs.map((q) => q[1]),
  ]);
  const quarterBySlug = new Map(qrows.map((q) => [q.slug, q.id]));
  counts.quarters = qrows.length;

  // ── storefronts ──
  const shops: Shop[] = [];
  const shopRows: unknown[][] = [];
  for (let i = 0; i < size.storefronts; i++) {
    const [, slug, postcode, lat, lng] = quarterDefs[i % quarterDefs.length];
    const w = r.int(5, 14) * 100;
    const h = r.int(6, 16) * 100;
    const outline = r.chance(0.3) ? ell(w, h, Math.round(w / 3), Math.round(h / 3)) : rect(w, h);
    const doors = [{ x: Math.round(w / 2), y: 0, width: r.pick([90, 100, 120, 140]), main: true }];
    const maxOccupancy = r.chance(0.8) ? r.int(15, 120) : null;
    // Availability: windows of two to eight months from the shop's registration into next year, with gaps.
    const windows: { start: string; end: string }[] = [];
    for (let t = from + r.int(0, 700) * DAY; t < until + 180 * DAY; ) {
      const len = r.int(60, 240) * DAY;
      windows.push({ start: toBerlinISO(t), end: toBerlinISO(t + len) });
      t += len + r.int(0, 45) * DAY;
    }
    const id = randomUUID();
    const quarterId = quarterBySlug.get(slug)!;
    const ownerId = owners[i % owners.length];
    const street = r.pick(N.STREETS);
    const number = r.int(1, 180);
    const input: StorefrontInput = { id, outline, doors, availability: windows, maxOccupancy };
    shops.push({ id, quarterId, ownerId, w, h, input });
    shopRows.push([
      id,
      quarterId,
      ownerId,
      `${r.pick(N.SHOP_TITLES)} ${street} ${number}`,
      `${street} ${number}, ${postcode} Dortmund`,
      lat + (r.next() - 0.5) * 0.01,
      lng + (r.next() - 0.5) * 0.015,
      polygonArea(outline),
      w,
      Math.round(w * 0.7),
      JSON.stringify(outline),
      JSON.stringify(doors),
      JSON.stringify({ sockets: r.int(2, 16), maxLoadKw: r.pick([null, 3.5, 5, 7, 11, 22]) }),
      r.chance(0.8),
      r.chance(0.6),
      r.chance(0.85),
      r.chance(0.5),
      maxOccupancy,
      JSON.stringify(windows),
      JSON.stringify(r.chance(0.7) ? [r.pick(N.HOUSE_RULES)] : []),
      r.chance(0.5) ? 'Schlüssel beim Hausmeister' : '',
      r.pick(['vacant', 'vacant', 'vacant', 'reserved', 'in_use', 'let']),
      iso(from),
    ]);
  }
  const shopCols = [
    'id',
    'quarter_id',
    'owner_id',
    'title',
    'address',
    'lat',
    'lng',
    'area_m2',
    'frontage_cm',
    'window_width_cm',
    'outline',
    'doors',
    'power',
    'water',
    'toilet',
    'heating',
    'step_free',
    'max_occupancy',
    'availability',
    'house_rules',
    'key_handover_notes',
    'status',
    'created_at',
  ];
  const j = '::jsonb';
  await insertRows(db, 'storefronts', shopCols, shopRows, [
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    j,
    j,
    j,
    '',
    '',
    '',
    '',
    '',
    j,
    j,
  ]);
  counts.storefronts = shopRows.length;

  // ── plans over time: a few per storefront, one after another (a few overlap: double bookings) ──
  const plans: Plan[] = [];
  const perShop = new Map<string, Plan[]>();
  for (let i = 0; i < size.plans; i++) {
    const shop = shops[i % shops.length];
    const start = from + r.next() * (until - from);
    const list = perShop.get(shop.id) ?? [];
    const plan: Plan = { id: randomUUID(), shop, status: 'draft', title: '', start, end: 0, members: [], createdAt: 0 };
    list.push(plan);
    perShop.set(shop.id, list);
    plans.push(plan);
  }
  for (const list of perShop.values()) {
    list.sort((a, b) => a.start - b.start);
    let free = -Infinity;
    for (const p of list) {
      if (p.start < free && !r.chance(0.05)) p.start = free + r.int(3, 30) * DAY;
      p.end = p.start + r.int(14, 42) * DAY;
      free = p.end;
    }
  }
  // Entries per plan: the total spread evenly (the first plans take the remainder).
  const basePer = Math.floor(size.entries / size.plans);
  let extra = size.entries - basePer * size.plans;
  let entryCount = 0;
  let taskCount = 0;
  for (const p of plans) {
    const nEntries = basePer + (extra-- > 0 ? 1 : 0);
    const past = p.end < now - 7 * DAY;
    const soon = p.start < now + 30 * DAY;
    p.status = past
      ? r.chance(0.87)
        ? 'done'
        : r.chance(0.75)
          ? 'withdrawn'
          : 'draft'
      : soon
        ? r.pick(['published', 'published', 'published', 'approved', 'submitted', 'draft'])
        : r.pick(['draft', 'draft', 'submitted', 'submitted', 'approved', 'published']);
    const team = [...new Set([r.pick(designers), r.pick(designers), r.pick(designers)].slice(0, r.int(1, 3)))];
    p.members = team.map((d) => [d, 'designer'] as [string, 'designer' | 'owner']);
    // The storefront's owner follows the plan, unless the owner is one of its designers (roles can be both).
    if (!team.includes(p.shop.ownerId)) p.members.push([p.shop.ownerId, 'owner']);
    p.title = `${r.pick(N.TITLE_WORDS)} ${r.pick(N.STREETS).split(' ')[0]}`;
    p.createdAt = p.start - r.int(20, 120) * DAY;
    p.doc = buildDoc(p, nEntries, r, now);
    p.json = toJSON(p.doc).plan;
    entryCount += Object.keys(p.json.schedule).length;
    taskCount += Object.keys(p.json.tasks).length;
  }
  log(`built ${plans.length} plan documents (${entryCount} schedule entries, ${taskCount} tasks)`);

  await insertRows(
    db,
    'plans',
    ['id', 'storefront_id', 'title', 'status', 'created_by', 'created_at', 'updated_at', 'schedule_start', 'schedule_end'],
    plans.map((p) => [
      p.id,
      p.shop.id,
      p.title,
      p.status,
      p.members[0][0],
      iso(p.createdAt),
      iso(Math.min(now, p.end)),
      iso(p.start),
      iso(p.end),
    ]),
  );
  await insertRows(
    db,
    'plan_members',
    ['plan_id', 'user_id', 'role', 'added_by', 'created_at'],
    plans.flatMap((p) => p.members.map(([u, role]) => [p.id, u, role, p.members[0][0], iso(p.createdAt)])),
  );
  await insertRows(
    db,
    'documents',
    ['id', 'state', 'version'],
    plans.map((p) => [p.id, Buffer.from(Y.encodeStateAsUpdate(p.doc!)), 1]),
  );
  counts.plans = plans.length;
  counts.entries = entryCount;
  counts.tasks = taskCount;

  // ── snapshots with findings, computed as the server does (only plans that can meet: same shop, same people) ──
  const inputs = new Map<string, PlanInput>(
    plans.map((p) => [
      p.id,
      { id: p.id, storefrontId: p.shop.id, status: p.status, title: p.json!.meta.title || p.title, ...pick3(p.json!) },
    ]),
  );
  const byPerson = new Map<string, string[]>();
  for (const p of plans) for (const [u] of p.members) byPerson.set(u, [...(byPerson.get(u) ?? []), p.id]);
  const snapshotRows = plans.map((p) => {
    const near = new Set([
      ...(perShop.get(p.shop.id) ?? []).map((o) => o.id),
      ...p.members.flatMap(([u]) => byPerson.get(u) ?? []),
    ]);
    near.delete(p.id);
    const findings = runPlanChecks({
      plan: inputs.get(p.id)!,
      storefront: p.shop.input,
      otherPlans: [...near].map((id) => inputs.get(id)!),
      now: new Date(now),
    });
    return [p.id, JSON.stringify(p.json), JSON.stringify(findings), iso(Math.min(now, p.end))];
  });
  await insertRows(db, 'plan_snapshots', ['plan_id', 'doc', 'findings', 'updated_at'], snapshotRows, ['', j, j]);

  // ── versions and decisions: submitted plans have a submit version; decided ones an approval with the schedule copy ──
  const versionRows: unknown[][] = [];
  const approvalRows: unknown[][] = [];
  const decided = new Set(['approved', 'published', 'done']);
  const approvedPlanIds: string[] = [];
  for (const p of plans) {
    if (p.status === 'draft' || (p.status === 'withdrawn' && r.chance(0.5))) continue;
    const state = Buffer.from(Y.encodeStateAsUpdate(p.doc!));
    const hash = scheduleHash(p.json!.schedule);
    const staffer = r.pick(staff);
    const submitted = p.createdAt + 7 * DAY;
    versionRows.push([p.id, 1, 'version.submitted', 'submit', p.members[0][0], iso(submitted), state, hash]);
    if (!decided.has(p.status)) continue;
    approvedPlanIds.push(p.id);
    // A few plans were edited after the decision: their approval is stale and binds to an older schedule.
    const stale = p.status !== 'done' && r.chance(0.1);
    const schedule = normaliseSchedule(p.json!.schedule);
    const copy = stale ? schedule.slice(0, -1) : schedule;
    versionRows.push([p.id, 2, 'version.approved', 'approval', staffer, iso(submitted + 3 * DAY), state, hash]);
    approvalRows.push([
      p.id,
      'approved',
      'Zeitplan passt, bitte Fluchtwege freihalten.',
      staffer,
      iso(submitted + 3 * DAY),
      stale ? scheduleHash(copy) : hash,
      JSON.stringify(copy),
      JSON.stringify({
        title: p.json!.meta.title,
        publicDescription: p.json!.meta.publicDescription,
        disciplines: p.json!.meta.disciplines,
      }),
      2,
      stale,
      stale ? iso(now - r.int(1, 10) * DAY) : null,
      // As insertApproval writes it (migration 031).
      spanLiteral(scheduleReach(copy)),
    ]);
  }
  await insertRows(
    db,
    'plan_versions',
    ['plan_id', 'number', 'name', 'reason', 'created_by', 'created_at', 'state', 'schedule_hash'],
    versionRows,
  );
  await insertRows(
    db,
    'approvals',
    [
      'plan_id',
      'decision',
      'note',
      'decided_by',
      'decided_at',
      'schedule_hash',
      'schedule',
      'meta',
      'version',
      'stale',
      'stale_since',
      'span',
    ],
    approvalRows,
    ['', '', '', '', '', '', j, j, '', '', '', '::tstzrange'],
  );
  counts.versions = versionRows.length;
  counts.approvals = approvalRows.length;

  // ── comments: threads on plans and their entries, from members and staff ──
  const commentRows: unknown[][] = [];
  const roots: { id: string; plan: Plan; at: number }[] = [];
  for (let i = 0; i < size.comments; i++) {
    const reply = roots.length > 0 && r.chance(0.4);
    const root = reply ? r.pick(roots) : null;
    const p = root ? root.plan : r.pick(plans);
    const entryIds = Object.keys(p.json!.schedule);
    const anchor =
      !root && entryIds.length && r.chance(0.5) ? (['schedule', r.pick(entryIds)] as const) : (['plan', null] as const);
    const at = root ? root.at + r.int(1, 72) * 3600_000 : p.createdAt + r.next() * Math.max(DAY, p.end - p.createdAt);
    const id = randomUUID();
    const author = r.chance(0.2) ? r.pick(staff) : r.pick(p.members)[0];
    commentRows.push([
      id,
      p.id,
      root?.id ?? null,
      anchor[0],
      anchor[1],
      author,
      r.pick(N.COMMENT_BODIES),
      !root && p.end < now && r.chance(0.8),
      iso(Math.min(at, now)),
    ]);
    if (!root) roots.push({ id, plan: p, at });
  }
  await insertRows(
    db,
    'comments',
    ['id', 'plan_id', 'parent_id', 'anchor_kind', 'anchor_id', 'author_id', 'body', 'resolved', 'created_at'],
    commentRows,
  );
  counts.comments = commentRows.length;
  counts.calls = await seedCalls(db, size);

  const activePlans = plans
    .filter((p) => ['draft', 'submitted', 'approved', 'published'].includes(p.status))
    .map((p) => ({ id: p.id, status: p.status, entryIds: Object.keys(p.json!.schedule) }));
  for (const p of plans) p.doc?.destroy();
  return {
    size,
    counts,
    staffEmail: userRows[0][1] as string,
    quarterIds: [...quarterBySlug.values()],
    activePlans,
    approvedPlanIds,
    ms: performance.now() - t0,
  };
}

/**
 * HOOK for open calls (issue 16): 50 calls with 1,500 applications once calls exist. Migration 024 has
 * their tables, but the calls capability (routes, services, the rules for what a call and an application
 * hold) is being built on other branches; filling tables whose meaning is not settled would measure a
 * guess. When calls land, generate them here (calls over the storefronts, applications by designers,
 * jury scores) and add their staff and public requests to the load mix in city.ts. Returns the number of
 * calls written: 0 for now.
 */
export async function seedCalls(_db: Queryable, _size: CitySize): Promise<number> {
  return 0;
}

const pick3 = (d: PlanDocJSON) => ({ schedule: d.schedule, tasks: d.tasks, layout: d.layout });

/** One plan's document: meta, concept, a few layout items, the schedule from setup to teardown, tasks. */
function buildDoc(p: Plan, nEntries: number, r: ReturnType<typeof rng>, now: number): Y.Doc {
  const doc = new Y.Doc();
  const at = (ms: number, hour: number) => {
    const d = new Date(ms);
    d.setUTCHours(hour - 1, 0, 0, 0);
    return d.getTime();
  };
  doc.transact(() => {
    setMeta(doc, {
      title: p.title,
      disciplines: [
        r.pick(['photography', 'sound-design', 'illustration', 'scenography', 'graphic-design', 'furniture-design'] as const),
      ],
      expectedAudience: 'Nachbarschaft',
      publicDescription: `${p.title}: eine Inszenierung im Leerstand, offen für alle.`,
    });
    setConcept(doc, `Konzept für ${p.title}. Der Laden wird für einige Wochen zum Ausstellungsraum.`);
    for (let i = 0; i < r.int(3, 8); i++)
      addLayoutItem(doc, {
        kind: r.pick(['plinth', 'table', 'display-case', 'speaker', 'light', 'artwork', 'seating-row'] as const),
        x: r.int(20, Math.max(30, p.shop.w - 150)),
        y: r.int(150, Math.max(160, p.shop.h - 150)),
        w: r.int(40, 120),
        h: r.int(40, 120),
        label: `Objekt ${i + 1}`,
      });
    const days = Math.max(2, Math.round((p.end - p.start) / DAY));
    const ids: string[] = [];
    ids.push(
      addScheduleEntry(doc, {
        kind: 'setup',
        title: 'Aufbau',
        start: toBerlinISO(at(p.start, 9)),
        end: toBerlinISO(at(p.start, 18)),
      }),
    );
    ids.push(
      addScheduleEntry(doc, {
        kind: 'opening',
        title: 'Eröffnung',
        start: toBerlinISO(at(p.start + DAY, 18)),
        end: toBerlinISO(at(p.start + DAY, 22)),
        expectedAttendance: r.int(20, 150),
        public: true,
      }),
    );
    for (let i = 2; i < nEntries - 1; i++) {
      const day = p.start + (2 + ((i * 7) % Math.max(1, days - 3))) * DAY;
      const kind = r.pick(['open-hours', 'open-hours', 'event', 'workshop'] as const);
      const h = kind === 'open-hours' ? 14 : r.int(15, 19);
      ids.push(
        addScheduleEntry(doc, {
          kind,
          title: kind === 'open-hours' ? 'Geöffnet' : kind === 'event' ? 'Künstlergespräch' : 'Workshop',
          start: toBerlinISO(at(day, h)),
          end: toBerlinISO(at(day, h + (kind === 'open-hours' ? 5 : 2))),
          expectedAttendance: r.int(5, 60),
          public: true,
          seating: kind === 'workshop' ? 'seated' : 'standing',
        }),
      );
    }
    ids.push(
      addScheduleEntry(doc, {
        kind: 'teardown',
        title: 'Abbau',
        start: toBerlinISO(at(p.end, 9)),
        end: toBerlinISO(at(p.end, 16)),
      }),
    );
    const team = p.members.filter(([, role]) => role === 'designer').map(([u]) => u);
    for (let i = 0; i < r.int(3, 7); i++)
      addTask(doc, {
        title: r.pick(['Plakate drucken', 'Schlüssel abholen', 'Aufsicht', 'Presse einladen', 'Technik prüfen']),
        assignee: r.chance(0.9) ? r.pick(team) : null,
        due: toBerlinISO(at(p.start - r.int(0, 10) * DAY, 12)),
        status: p.end < now ? 'done' : r.pick(['todo', 'doing', 'done'] as const),
        scheduleEntryId: r.chance(0.6) ? r.pick(ids) : null,
      });
  });
  return doc;
}

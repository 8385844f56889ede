/**
 * The city generator of `pnpm bench --city` (issue 19): a realistic Dortmund after five years in an empty,
 * migrated database. Plans are written as the product stores them, without going through the server:
 * each plan's Yjs document is built in this process with the shared plan accessors (`addScheduleEntry` …)
 * and stored as one compacted state in `documents`; its JSON form and findings go to `plan_snapshots`
 * (what the city checks and the "free in a date range" filter read), its schedule span to `plans`, and
 * the plans that were submitted or decided get their `plan_versions` and `approvals` with the normalised
 * schedule copy (what the public programme reads). Rows go in as multi-row inserts.
 *
 * Then the open calls with their applications, jury and selection ({@link seedCalls}).
 *
 * Deterministic for a seed.
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
import { slugify } from '@planner/server/platform/slug';
import * as N from './city-names.ts';

export interface CitySize {
  quarters: number;
  storefronts: number;
  plans: number;
  /** Schedule entries across all plans. */
  entries: number;
  comments: number;
  users: number;
  /** Open calls (see seedCalls), and their applications in all. */
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
  /** The open calls (see seedCalls): slugs of the public ones, the calls in their jury phase, the decided ones. */
  calls: GeneratedCalls;
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
  const secs = () => ((performance.now() - t0) / 1000).toFixed(1);
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
  log(`built ${plans.length} plan documents (${entryCount} schedule entries, ${taskCount} tasks) (${secs()} s)`);

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
  log(`wrote the plans, their members and documents (${secs()} s)`);

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
  log(`computed and wrote the snapshots with their findings (${secs()} s)`);

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
  log(`wrote the versions and approvals (${secs()} s)`);

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
  log(`wrote the comments (${secs()} s)`);
  const calls = await seedCalls(db, size, {
    seed: opts.seed ?? 19,
    now,
    from,
    staff,
    designers,
    shops: shops.map((s, i) => ({ id: s.id, ownerId: s.ownerId, title: shopRows[i][3] as string })),
    plans: plans.map((p) => ({ id: p.id, shopId: p.shop.id, start: p.start, members: p.members })),
    passwordHash: hash,
  });
  Object.assign(counts, calls.counts);
  log(`wrote ${calls.counts.calls} calls with ${calls.counts.applications} applications (${secs()} s)`);

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
    calls,
    ms: performance.now() - t0,
  };
}

/** What {@link seedCalls} needs of the city generated before it. */
export interface CallContext {
  seed: number;
  now: number;
  /** Five years before `now`: the first calls are a little after it. */
  from: number;
  staff: string[];
  designers: string[];
  shops: { id: string; ownerId: string; title: string }[];
  /** The generated plans: a decided call's selection links one of them (its first designer applied). */
  plans: { id: string; shopId: string; start: number; members: [string, 'designer' | 'owner'][] }[];
  passwordHash: string;
}

/** What the benchmark addresses of the generated calls. */
export interface GeneratedCalls {
  /** Slugs of the calls the public list shows (everything but drafts), newest deadline first. */
  publicSlugs: string[];
  /** Published calls whose deadline passed (the jury scores) and closed calls. */
  juryCallIds: string[];
  decidedCallIds: string[];
  counts: Record<string, number>;
}

type CallKind = 'open' | 'jury' | 'decided' | 'cancelled';
const JUDGED_STATUSES = new Set(['submitted', 'shortlisted', 'selected', 'declined', 'waitlisted']);
const PRIVACY_TEXT =
  'Ihre Angaben werden nur für die Auswahl in diesem Aufruf verarbeitet und sechs Monate nach dem Abschluss gelöscht.';
const RETENTION_DAYS = 182;

/**
 * Open calls at scale (issue 19): `size.calls` calls over five years with `size.applications`
 * applications, written as the product leaves them (the calls, applications, jury and selection
 * repos; migrations 024, 028, 030):
 *
 * - Most calls are decided: published six weeks before the deadline, scored by every juror, a shortlist
 *   the owners answered, the selection linked to a generated plan on one of the call's storefronts that
 *   starts after the deadline (its first designer applied, its other designers as confirmed
 *   co-applicants; the plan's lead is the applicant), the others declined or waitlisted, the decision
 *   mails sent. Six months after the decision the declined and withdrawn applications are anonymised
 *   and applicant-only accounts nothing refers to any more are gone (as the retention job leaves them).
 * - A few calls are open (deadline ahead: drafts, submitted, withdrawn applications); a few are in the
 *   jury (deadline passed, jurors part-way through their scoring, a closed one with a shortlist); at 20
 *   calls and more one is cancelled.
 * - Each call has 2–4 weighted criteria, 1–4 storefronts (their exposés offered), 1–2 viewings with
 *   bookings, and 2–4 jurors: staff, and sometimes a designer who accepted a juror invitation (role juror).
 * - Applicants are accounts made in the application form (role applicant, address confirmed) and, for
 *   about a fifth of the applications, designers of the city.
 *
 * Deterministic for `ctx.seed`.
 */
export async function seedCalls(db: Queryable, size: CitySize, ctx: CallContext): Promise<GeneratedCalls> {
  const out: GeneratedCalls = { publicSlugs: [], juryCallIds: [], decidedCallIds: [], counts: {} };
  const n = size.calls;
  if (n <= 0 || !ctx.staff.length || !ctx.shops.length) return { ...out, counts: { calls: 0, applications: 0 } };
  const r = rng(ctx.seed * 31 + 16);
  const { now, from } = ctx;
  const iso = (ms: number) => new Date(ms).toISOString();
  const date = (ms: number) => toBerlinISO(ms).slice(0, 10);
  const hex = () => randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '');
  const shuffle = <T>(xs: T[]): T[] => {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const k = r.int(0, i);
      [a[i], a[k]] = [a[k], a[i]];
    }
    return a;
  };

  // ── which calls: a few open and in the jury, at 20 or more one cancelled, the rest decided ──
  const nOpen = n >= 3 ? Math.max(1, Math.round(n * 0.06)) : 0;
  const nJury = n >= 2 ? Math.max(1, Math.round(n * 0.06)) : 0;
  const nCancelled = n >= 20 ? 1 : 0;
  const nDecided = n - nOpen - nJury - nCancelled;
  const plan: { kind: CallKind; deadline: number }[] = [];
  const early = from + 90 * DAY;
  const late = now - 60 * DAY;
  for (let i = 0; i < nDecided + nCancelled; i++) {
    const deadline = early + ((i + r.next() * 0.6) / Math.max(1, nDecided + nCancelled)) * (late - early);
    plan.push({ kind: nCancelled && i === Math.floor((nDecided + nCancelled) * 0.7) ? 'cancelled' : 'decided', deadline });
  }
  for (let i = 0; i < nJury; i++) plan.push({ kind: 'jury', deadline: now - (2 + 9 * i + r.int(0, 4)) * DAY });
  for (let i = 0; i < nOpen; i++) plan.push({ kind: 'open', deadline: now + (12 + 14 * i + r.int(0, 6)) * DAY });
  for (const p of plan) p.deadline = Math.floor(p.deadline / 3_600_000) * 3_600_000;

  // Applications per call: the total spread evenly (the first calls take the remainder).
  const perCall = Math.floor(size.applications / n);
  let extra = size.applications - perCall * n;

  // Applicant accounts (made in the form): enough that each applies to three or four calls over the years.
  const poolSize = Math.max(perCall + 4, Math.round(size.applications / 3.4));
  const pool = Array.from({ length: poolSize }, (_, i) => {
    const first = r.pick(N.FIRST_NAMES);
    const last = r.pick(N.LAST_NAMES);
    return {
      id: randomUUID() as string,
      name: `${first} ${last}`,
      email: `applicant${i}.${first.toLowerCase().replace(/[^a-z]/g, '')}@${CITY_EMAIL_DOMAIN}`,
      locale: r.chance(0.9) ? 'de' : 'en',
      firstSeen: Infinity,
    };
  });
  const poolById = new Map(pool.map((a) => [a.id, a]));
  const seen = (id: string, at: number) => {
    const a = poolById.get(id);
    if (a && at < a.firstSeen) a.firstSeen = at;
  };
  const designerLike = new Set(ctx.designers);
  const shopOwner = new Map(ctx.shops.map((s) => [s.id, s.ownerId]));
  const linked = new Set<string>();
  const plansByStart = [...ctx.plans].sort((a, b) => a.start - b.start);
  const slugs = new Set<string>();

  const rows = {
    calls: [] as unknown[][],
    callShops: [] as unknown[][],
    exposes: new Map<string, unknown[]>(),
    criteria: [] as unknown[][],
    viewings: [] as unknown[][],
    bookings: [] as [string, string, string][],
    jurors: [] as unknown[][],
    invitations: [] as unknown[][],
    jurorRoles: new Set<string>(),
    apps: [] as Record<string, unknown>[],
    appShops: [] as unknown[][],
    members: [] as Record<string, unknown>[],
    scores: [] as unknown[][],
    comments: [] as Record<string, unknown>[],
    conflicts: [] as unknown[][],
    agreements: [] as Record<string, unknown>[],
    sends: [] as unknown[][],
    leads: [] as [string, string][],
  };

  for (const [ci, c] of plan.entries()) {
    const kind = c.kind;
    const callId = randomUUID();
    const creator = r.pick(ctx.staff);
    const deadline = c.deadline;
    const publishedAt = deadline - r.int(35, 49) * DAY;
    const createdAt = publishedAt - r.int(2, 10) * DAY;
    const periodStart = deadline + r.int(35, 60) * DAY;
    const periodEnd = periodStart + r.int(6, 10) * 7 * DAY;
    const closedAt = kind === 'decided' ? deadline + r.int(21, 35) * DAY : kind === 'jury' && ci % 2 ? deadline + DAY : null;
    const status = kind === 'decided' ? 'decided' : kind === 'cancelled' ? 'cancelled' : closedAt ? 'closed' : 'published';
    const retentionUntil = kind === 'decided' ? closedAt! + RETENTION_DAYS * DAY : null;
    const year = new Date(deadline).getUTCFullYear();
    const title = `${N.CALL_SEASONS[Math.floor(new Date(deadline).getUTCMonth() / 3)]} ${year}: ${r.pick(N.CALL_THEMES)}`;
    const base = slugify(title, 'aufruf');
    let slug = base;
    for (let i = 2; slugs.has(slug); i++) slug = `${base}-${i}`;
    slugs.add(slug);

    // Storefronts: a decided call's include those of the generated plans its selection became.
    const picks: ContextPlan[] = [];
    if (kind === 'decided') {
      const want = r.int(1, 2);
      const candidates = plansByStart.filter(
        (p) =>
          p.start > deadline + 21 * DAY &&
          p.start < deadline + 150 * DAY &&
          !linked.has(p.id) &&
          p.members.some(([, role]) => role === 'designer'),
      );
      for (const p of shuffle(candidates)) {
        if (picks.length >= want) break;
        if (picks.some((q) => q.shopId === p.shopId)) continue;
        const lead = p.members.find(([, role]) => role === 'designer')![0];
        if (picks.some((q) => q.members.some(([u]) => u === lead))) continue;
        picks.push(p);
      }
    }
    const shopIds = [...new Set(picks.map((p) => p.shopId))];
    const nShops = Math.min(ctx.shops.length, Math.max(shopIds.length, r.int(1, 4)));
    while (shopIds.length < nShops) {
      const s = r.pick(ctx.shops).id;
      if (!shopIds.includes(s)) shopIds.push(s);
    }
    const owners = new Set(shopIds.map((s) => shopOwner.get(s)));
    for (const [pos, s] of shopIds.entries()) {
      rows.callShops.push([callId, s, pos]);
      if (!rows.exposes.has(s))
        rows.exposes.set(s, [
          s,
          true,
          ['floor_plan', 'dimensions', 'equipment', 'access', 'availability', ...(r.chance(0.6) ? ['conditions'] : [])],
          JSON.stringify({
            fee: 'none',
            feeText: '',
            utilities: r.chance(0.5) ? 'Strom und Wasser pauschal 50 € im Monat.' : '',
            insurance: 'Veranstaltungshaftpflicht erforderlich.',
            keyHandover: 'Schlüsselübergabe durch die Stabsstelle.',
          }),
          'Ladenlokal mit Schaufenster, frei für eine Zwischennutzung.',
          shopOwner.get(s),
          iso(createdAt - DAY),
          iso(createdAt - DAY),
        ]);
    }

    const criteria = shuffle(N.CALL_CRITERIA.slice(1))
      .slice(0, r.int(1, 3))
      .concat([N.CALL_CRITERIA[0]])
      .reverse()
      .map(([label, description, weight], position) => ({ id: randomUUID(), label, description, weight, position }));
    for (const k of criteria) rows.criteria.push([k.id, callId, k.label, k.description, k.weight, k.position]);

    // Jurors: staff, and sometimes a designer who accepted an invitation (not one whose plan the call selects).
    // (In a small city with too few staff, designers fill the jury up to two.)
    const nJurors = r.int(2, 4);
    const busy = new Set(picks.flatMap((p) => p.members.map(([u]) => u)));
    const jurorIds = shuffle(ctx.staff).slice(0, Math.max(1, nJurors - (r.chance(0.35) ? 1 : 0)));
    const externals: string[] = [];
    for (const d of shuffle(ctx.designers)) {
      if (jurorIds.length >= nJurors || (jurorIds.length >= 2 && externals.length)) break;
      if (busy.has(d) || owners.has(d) || jurorIds.includes(d)) continue;
      jurorIds.push(d);
      externals.push(d);
      rows.jurorRoles.add(d);
      rows.invitations.push([
        randomUUID(),
        callId,
        `juror.${ci}.${externals.length}@${CITY_EMAIL_DOMAIN}`,
        '',
        hex(),
        iso(deadline + 14 * DAY),
        d,
        iso(publishedAt + 3 * DAY),
        creator,
        iso(publishedAt + DAY),
      ]);
    }
    for (const j of jurorIds)
      rows.jurors.push([callId, j, creator, iso(externals.includes(j) ? publishedAt + 3 * DAY : createdAt)]);
    const jurors = new Set(jurorIds);

    // Applicants: the selected plans' first designers, then accounts from the form and designers.
    const m = perCall + (extra-- > 0 ? 1 : 0);
    const taken = new Set<string>();
    const applicants: { id: string; pick?: ContextPlan }[] = [];
    for (const p of picks) {
      const lead = p.members.find(([, role]) => role === 'designer')![0];
      if (jurors.has(lead) || owners.has(lead) || taken.has(lead) || applicants.length >= m) continue;
      applicants.push({ id: lead, pick: p });
      for (const [u] of p.members) taken.add(u);
    }
    for (let guard = 0; applicants.length < m && guard < m * 50; guard++) {
      const id = r.chance(0.2) ? r.pick(ctx.designers) : r.pick(pool).id;
      if (taken.has(id) || jurors.has(id) || owners.has(id)) continue;
      taken.add(id);
      applicants.push({ id });
    }

    // Viewings with bookings from applicants, two to three weeks before the deadline.
    if (kind !== 'cancelled') {
      for (let v = 0; v < r.int(1, 2); v++) {
        const viewingId = randomUUID();
        const startsAt = deadline - (21 - 7 * v) * DAY + 6 * 3_600_000;
        const capacity = r.int(6, 15);
        rows.viewings.push([
          viewingId,
          callId,
          shopIds[v % shopIds.length],
          iso(startsAt),
          iso(startsAt + 3_600_000),
          capacity,
          v ? '' : 'Treffpunkt vor dem Laden.',
        ]);
        for (const a of shuffle(applicants).slice(0, r.int(2, capacity)))
          rows.bookings.push([viewingId, a.id, iso(Math.min(now, startsAt - r.int(1, 7) * DAY))]);
      }
    }

    // Applications.
    const apps: { row: Record<string, unknown>; quality: number; shops: string[]; pick?: ContextPlan }[] = [];
    for (const a of applicants) {
      const roll = r.next();
      const appStatus = a.pick
        ? 'submitted'
        : kind === 'open'
          ? roll < 0.35
            ? 'draft'
            : roll < 0.9
              ? 'submitted'
              : 'withdrawn'
          : kind === 'jury'
            ? roll < 0.08
              ? 'draft'
              : roll < 0.15
                ? 'withdrawn'
                : 'submitted'
            : kind === 'cancelled'
              ? roll < 0.2
                ? 'draft'
                : roll < 0.3
                  ? 'withdrawn'
                  : 'submitted'
              : roll < 0.05
                ? 'draft'
                : roll < 0.11
                  ? 'withdrawn'
                  : 'submitted';
      const start = publishedAt + DAY;
      const end = Math.min(now, deadline) - 3_600_000;
      const created = start + r.next() * Math.max(DAY, end - start) * 0.8;
      const submitted = appStatus === 'draft' ? null : created + r.next() * Math.max(3_600_000, end - created);
      const withdrawn = appStatus === 'withdrawn' ? Math.min(now, submitted! + r.int(1, 10) * DAY) : null;
      const consent = submitted ?? (r.chance(0.5) ? created : null);
      const word = r.pick(N.CONCEPT_TITLES);
      const disciplines = [...new Set([r.pick(N.CALL_DISCIPLINES), r.pick(N.CALL_DISCIPLINES)])];
      const ranked = a.pick ? [a.pick.shopId, ...shuffle(shopIds.filter((s) => s !== a.pick!.shopId))] : shuffle(shopIds);
      const ranks = ranked.slice(0, r.int(1, Math.min(3, ranked.length)));
      const id = randomUUID();
      seen(a.id, created);
      const row: Record<string, unknown> = {
        id,
        call_id: callId,
        applicant_id: a.id,
        status: appStatus,
        concept: `${word} ${r.pick(N.STREETS).split(' ')[0]}\n\nWir machen den Laden für einige Wochen zu einem Ort für ${word.toLowerCase()}: offen für die Nachbarschaft, mit Werkstattabenden und einer Ausstellung zum Abschluss.`,
        disciplines,
        formats: shuffle(['exhibition', 'workshop', 'performance', 'open-studio', 'talk']).slice(0, r.int(1, 3)),
        expected_audience: r.pick(N.AUDIENCES),
        needs: shuffle(['power', 'water', 'darkness', 'heating', 'internet', 'step-free', 'storage']).slice(0, r.int(0, 3)),
        needs_note: r.chance(0.4) ? 'Steckdosen im hinteren Raum wären gut.' : '',
        period_start: date(periodStart),
        period_end: date(periodEnd),
        portfolio_links: JSON.stringify(
          r.chance(0.6) ? [{ url: `https://example.org/portfolio/${id.slice(0, 8)}`, label: 'Portfolio' }] : [],
        ),
        locale: poolById.get(a.id)?.locale ?? 'de',
        consent_at: consent ? iso(consent) : null,
        consent_text: consent ? PRIVACY_TEXT : null,
        created_at: iso(created),
        updated_at: iso(Math.max(created, submitted ?? 0, withdrawn ?? 0)),
        submitted_at: submitted ? iso(submitted) : null,
        withdrawn_at: withdrawn ? iso(withdrawn) : null,
        shortlisted_at: null,
        decided_at: null,
        decided_by: null,
        plan_id: null,
        anonymised_at: null,
      };
      for (const [k, s] of ranks.entries()) rows.appShops.push([id, s, k + 1]);
      // Co-applicants: the selected plan's other designers (confirmed); else now and then one invited.
      if (a.pick) {
        for (const [u, role] of a.pick.members)
          if (role === 'designer' && u !== a.id)
            rows.members.push({
              id: randomUUID(),
              application_id: id,
              email: '',
              name: '',
              user_id: u,
              status: 'confirmed',
              token_hash: null,
              invited_at: iso(created + DAY),
              answered_at: iso(created + 2 * DAY),
            });
      } else if (r.chance(0.15)) {
        const co = r.pick(pool);
        const answer = r.next();
        const status = taken.has(co.id) ? 'invited' : answer < 0.6 ? 'confirmed' : answer < 0.8 ? 'declined' : 'invited';
        if (status === 'confirmed') {
          taken.add(co.id);
          seen(co.id, created + DAY);
        }
        rows.members.push({
          id: randomUUID(),
          application_id: id,
          email: co.email,
          name: co.name,
          user_id: status === 'confirmed' ? co.id : null,
          status,
          token_hash: status === 'invited' ? hex() : null,
          invited_at: iso(created + 3_600_000),
          answered_at: status === 'invited' ? null : iso(created + DAY),
        });
      }
      rows.apps.push(row);
      apps.push({ row, quality: a.pick ? 4.6 : 0.8 + r.next() * 3.6, shops: ranks, pick: a.pick });
    }

    // Jury: every juror scores every judged application of a decided call; in the jury phase part-way.
    const judged = apps.filter((a) => JUDGED_STATUSES.has(a.row.status as string));
    const scoring = kind === 'decided' || kind === 'jury';
    const mean = new Map<string, number>();
    if (scoring) {
      const weightSum = criteria.reduce((s, k) => s + k.weight, 0);
      for (const j of jurorIds) {
        const done = kind === 'decided' ? judged.length : Math.round(judged.length * (0.3 + r.next() * 0.7));
        for (const [k, a] of shuffle(judged).entries()) {
          const appId = a.row.id as string;
          if (k > done) break;
          const at = iso(Math.min(now, deadline + r.int(1, 20) * DAY));
          if (r.chance(0.03) && !a.pick) {
            rows.conflicts.push([appId, j, 'Ich kenne das Team aus einem früheren Projekt.', at]);
            continue;
          }
          const partial = k === done;
          let sum = 0;
          for (const [ki, crit] of criteria.entries()) {
            if (partial && ki > 0) break;
            const score = Math.max(0, Math.min(5, Math.round(a.quality + (r.next() - 0.5) * 2)));
            rows.scores.push([appId, j, crit.id, score, at]);
            sum += score * crit.weight;
          }
          if (!partial) mean.set(appId, (mean.get(appId) ?? 0) + sum / weightSum);
          if (r.chance(0.35))
            rows.comments.push({
              application_id: appId,
              juror_id: j,
              comment: r.pick([
                'Sehr stimmig.',
                'Starke Idee; Lautstärke am Abend klären.',
                'Budget wirkt knapp.',
                'Gut für Familien.',
              ]),
              updated_at: at,
            });
        }
      }
    }

    // Shortlist and decision.
    const shortlistAt = deadline + 14 * DAY;
    const answer = (a: (typeof apps)[number]) => {
      for (const s of a.shops) {
        const object = !a.pick && r.chance(0.12);
        rows.agreements.push({
          application_id: a.row.id,
          storefront_id: s,
          owner_id: shopOwner.get(s),
          answer: object ? 'object' : 'agree',
          text: object ? r.pick(N.OBJECTIONS) : '',
          answered_at: iso(Math.min(now, shortlistAt + r.int(1, 5) * DAY)),
        });
      }
    };
    const ranking = [...judged].sort((a, b) => (mean.get(b.row.id as string) ?? 0) - (mean.get(a.row.id as string) ?? 0));
    if (kind === 'decided') {
      const short = ranking.filter((a) => !a.pick).slice(0, r.int(2, 4));
      for (const a of judged) {
        const status = a.pick ? 'selected' : short.includes(a) && short.indexOf(a) < 2 ? 'waitlisted' : 'declined';
        Object.assign(a.row, { status, decided_at: iso(closedAt!), decided_by: creator, updated_at: iso(closedAt!) });
        if (a.pick || short.includes(a)) {
          a.row.shortlisted_at = iso(shortlistAt);
          answer(a);
        }
        if (a.pick) {
          a.row.plan_id = a.pick.id;
          linked.add(a.pick.id);
          rows.leads.push([a.pick.id, a.row.applicant_id as string]);
        }
        rows.sends.push([
          randomUUID(),
          callId,
          a.row.id,
          status,
          'sent',
          1,
          null,
          creator,
          iso(closedAt! + 3_600_000),
          iso(closedAt! + 3_700_000),
        ]);
      }
      out.decidedCallIds.push(callId);
    } else if (kind === 'jury' && status === 'closed') {
      for (const a of ranking.slice(0, 2)) {
        Object.assign(a.row, { status: 'shortlisted', shortlisted_at: iso(now - DAY), updated_at: iso(now - DAY) });
        if (r.chance(0.5)) answer(a);
      }
    }
    if (kind === 'jury') out.juryCallIds.push(callId);

    // Retention: six months after the decision, declined and withdrawn applications are anonymised.
    if (retentionUntil && retentionUntil <= now) {
      const at = iso(Math.min(now, retentionUntil + DAY));
      for (const a of apps) {
        if (a.row.status !== 'declined' && a.row.status !== 'withdrawn') continue;
        Object.assign(a.row, {
          concept: '',
          expected_audience: '',
          needs_note: '',
          portfolio_links: '[]',
          consent_text: null,
          applicant_id: null,
          anonymised_at: at,
          updated_at: at,
        });
        for (const mem of rows.members)
          if (mem.application_id === a.row.id) Object.assign(mem, { email: '', name: '', user_id: null, token_hash: null });
        for (const cm of rows.comments) if (cm.application_id === a.row.id) cm.comment = '';
        for (const ag of rows.agreements) if (ag.application_id === a.row.id) ag.text = '';
      }
    }

    rows.calls.push([
      callId,
      slug,
      title,
      `Die Stabsstelle Kreativquartiere sucht Projekte aus Gestaltung und Kunst für ${shopIds.length === 1 ? 'ein leerstehendes Ladenlokal' : `${shopIds.length} leerstehende Ladenlokale`}. Die Läden stehen mietfrei zur Verfügung.`,
      [...new Set([r.pick(N.CALL_DISCIPLINES), r.pick(N.CALL_DISCIPLINES), r.pick(N.CALL_DISCIPLINES)])],
      date(periodStart),
      date(periodEnd),
      iso(deadline),
      status,
      r.chance(0.2),
      PRIVACY_TEXT,
      kind === 'cancelled' ? 'Die Läden wurden vom Eigentümer anderweitig vermietet.' : null,
      creator,
      iso(createdAt),
      iso(Math.min(now, closedAt ?? (kind === 'cancelled' ? deadline - 7 * DAY : publishedAt))),
      iso(publishedAt),
      closedAt ? iso(closedAt) : null,
      retentionUntil ? iso(retentionUntil) : null,
    ]);
    out.publicSlugs.push(slug);
  }

  // ── applicant accounts: those something still refers to (the retention job deleted the others) ──
  const referenced = new Set<string>();
  for (const a of rows.apps) if (a.applicant_id) referenced.add(a.applicant_id as string);
  for (const mem of rows.members) if (mem.user_id) referenced.add(mem.user_id as string);
  const accounts = pool.filter((a) => referenced.has(a.id) && Number.isFinite(a.firstSeen));
  const kept = new Set([...accounts.map((a) => a.id), ...designerLike, ...ctx.staff]);
  await insertRows(
    db,
    'users',
    ['id', 'email', 'name', 'staff', 'roles', 'password_hash', 'locale', 'created_at'],
    accounts.map((a) => [a.id, a.email, a.name, false, ['applicant'], ctx.passwordHash, a.locale, iso(a.firstSeen - 600_000)]),
    ['', '', '', '', '::text[]'],
  );
  await insertRows(
    db,
    'applicant_verifications',
    ['user_id', 'token_hash', 'expires_at', 'verified_at', 'created_at'],
    accounts.map((a) => [a.id, null, iso(a.firstSeen + DAY), iso(a.firstSeen - 300_000), iso(a.firstSeen - 600_000)]),
  );
  if (rows.jurorRoles.size)
    await db.query(
      `update users set roles = array_append(roles, 'juror') where id = any($1::text[]) and not ('juror' = any(roles))`,
      [[...rows.jurorRoles]],
    );

  // ── the rows, parents first ──
  await insertRows(
    db,
    'calls',
    [
      'id',
      'slug',
      'title',
      'body',
      'disciplines',
      'period_start',
      'period_end',
      'deadline',
      'status',
      'blind',
      'privacy_text',
      'cancel_reason',
      'created_by',
      'created_at',
      'updated_at',
      'published_at',
      'closed_at',
      'retention_until',
    ],
    rows.calls,
    ['', '', '', '', '::text[]', '::date', '::date'],
  );
  await insertRows(
    db,
    'storefront_exposes',
    ['storefront_id', 'offered', 'public_groups', 'conditions', 'intro', 'consented_by', 'consented_at', 'updated_at'],
    [...rows.exposes.values()],
    ['', '', '::text[]', '::jsonb'],
  );
  await insertRows(db, 'call_storefronts', ['call_id', 'storefront_id', 'position'], rows.callShops);
  await insertRows(db, 'call_criteria', ['id', 'call_id', 'label', 'description', 'weight', 'position'], rows.criteria);
  await insertRows(
    db,
    'call_viewings',
    ['id', 'call_id', 'storefront_id', 'starts_at', 'ends_at', 'capacity', 'note'],
    rows.viewings,
  );
  await insertRows(
    db,
    'call_viewing_bookings',
    ['viewing_id', 'user_id', 'booked_at'],
    rows.bookings.filter(([, u]) => kept.has(u)),
  );
  await insertRows(db, 'call_jurors', ['call_id', 'user_id', 'added_by', 'added_at'], rows.jurors);
  await insertRows(
    db,
    'call_juror_invitations',
    ['id', 'call_id', 'email', 'name', 'token_hash', 'expires_at', 'accepted_by', 'accepted_at', 'created_by', 'created_at'],
    rows.invitations,
  );
  const appCols = Object.keys(rows.apps[0] ?? {});
  if (rows.apps.length)
    await insertRows(
      db,
      'applications',
      appCols,
      rows.apps.map((a) => appCols.map((k) => a[k])),
      appCols.map((k) =>
        k === 'disciplines' || k === 'formats' || k === 'needs'
          ? '::text[]'
          : k === 'portfolio_links'
            ? '::jsonb'
            : k.startsWith('period_')
              ? '::date'
              : '',
      ),
    );
  await insertRows(db, 'application_storefronts', ['application_id', 'storefront_id', 'rank'], rows.appShops);
  const memberCols = ['id', 'application_id', 'email', 'name', 'user_id', 'status', 'token_hash', 'invited_at', 'answered_at'];
  await insertRows(
    db,
    'application_members',
    memberCols,
    rows.members.map((mem) => memberCols.map((k) => mem[k])),
  );
  await insertRows(db, 'jury_scores', ['application_id', 'juror_id', 'criterion_id', 'score', 'updated_at'], rows.scores);
  await insertRows(
    db,
    'jury_comments',
    ['application_id', 'juror_id', 'comment', 'updated_at'],
    rows.comments.map((cm) => [cm.application_id, cm.juror_id, cm.comment, cm.updated_at]),
  );
  await insertRows(db, 'jury_conflicts', ['application_id', 'juror_id', 'note', 'declared_at'], rows.conflicts);
  const agreementCols = ['application_id', 'storefront_id', 'owner_id', 'answer', 'text', 'answered_at'];
  await insertRows(
    db,
    'owner_agreements',
    agreementCols,
    rows.agreements.map((ag) => agreementCols.map((k) => ag[k])),
  );
  await insertRows(
    db,
    'call_mail_sends',
    ['id', 'call_id', 'application_id', 'kind', 'status', 'attempts', 'last_error', 'created_by', 'created_at', 'sent_at'],
    rows.sends,
  );
  // The selection's plan: its lead is the main applicant (as selection/service.ts sets it).
  for (const [planId, userId] of rows.leads) await db.query('update plans set lead_id = $2 where id = $1', [planId, userId]);

  const statusCount = (s: string) => rows.apps.filter((a) => a.status === s).length;
  out.counts = {
    calls: rows.calls.length,
    applications: rows.apps.length,
    applicantAccounts: accounts.length,
    jurors: rows.jurors.length,
    juryScores: rows.scores.length,
    shortlisted: rows.apps.filter((a) => a.shortlisted_at).length,
    selected: statusCount('selected'),
    anonymised: rows.apps.filter((a) => a.anonymised_at).length,
  };
  return out;
}

type ContextPlan = CallContext['plans'][number];

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

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addLayoutItem, addScheduleEntry, addTask, PlanDocJSONSchema, setMeta, toJSON } from './index.ts';

const entry = { kind: 'event' as const, title: 'Talk', start: '2026-05-03T19:00:00+02:00', end: '2026-05-03T20:30:00+02:00' };
const paths = (problems: { path: string }[]) => problems.map((p) => p.path).sort();

/** A doc built by a well-behaved client, then corrupted through the raw Yjs API like a foreign client would. */
function corrupted() {
  const doc = new Y.Doc();
  const good = addLayoutItem(doc, { kind: 'table', x: 0, y: 0, w: 100, h: 60, id: 'good' });
  const e = addScheduleEntry(doc, { ...entry, id: 'e1' });
  addTask(doc, { title: 'Flyer', id: 't1', scheduleEntryId: e });
  const layout = doc.getMap<unknown>('layout');
  const schedule = doc.getMap<unknown>('schedule');
  const tasks = doc.getMap<unknown>('tasks');
  const meta = doc.getMap<unknown>('meta');
  doc.transact(() => {
    const sofa = new Y.Map<unknown>();
    sofa.set('kind', 'sofa');
    sofa.set('x', 0);
    sofa.set('y', 0);
    sofa.set('w', 10);
    sofa.set('h', 10);
    layout.set('sofa', sofa); // unknown kind
    const noPos = new Y.Map<unknown>();
    noPos.set('kind', 'plinth');
    noPos.set('x', '12');
    layout.set('noPos', noPos); // x a string, y/w/h missing
    layout.set('plain', { kind: 'table', x: 0, y: 0, w: 1, h: 1 }); // not a Y.Map
    layout.set('num', 42);
    const odd = new Y.Map<unknown>();
    odd.set('kind', 'light');
    odd.set('x', 10);
    odd.set('y', 10);
    odd.set('w', 20);
    odd.set('h', 20);
    odd.set('rotation', 'ninety'); // optional field of the wrong type: default
    odd.set('label', new Y.Text('Spot')); // Y.Text where a string is expected: read as text
    odd.set('locked', 'yes');
    odd.set('extra', { anything: true }); // unknown fields are ignored
    layout.set('odd', odd);
    (layout.get(good) as Y.Map<unknown>).set('w', -5); // invalid required field: skipped

    const backwards = new Y.Map<unknown>();
    backwards.set('kind', 'event');
    backwards.set('start', '2026-05-03T20:00:00+02:00');
    backwards.set('end', '2026-05-03T19:00:00+02:00');
    schedule.set('backwards', backwards);
    const e1 = schedule.get(e) as Y.Map<unknown>;
    e1.set('kind', 'party'); // unknown kind on a schedule entry: 'other'
    e1.set('expectedAttendance', -3);
    e1.set('seating', 7);

    const t1 = tasks.get('t1') as Y.Map<unknown>;
    t1.set('status', 'finished');
    t1.set('due', 'tomorrow');
    const t2 = new Y.Map<unknown>();
    t2.set('title', 'Licht');
    t2.set('scheduleEntryId', 'gone'); // dangling link
    tasks.set('t2', t2);
    tasks.set('t3', 'not a task');

    meta.set('title', 12);
    meta.set('disciplines', ['photography', 'cooking', 5, 'photography']);
    meta.set('publicDescription', 'x'.repeat(6000));
  });
  return doc;
}

describe('toJSON tolerates foreign content', () => {
  it('skips unusable items, defaults bad fields, reports each problem, never throws', () => {
    const { plan, problems } = toJSON(corrupted());
    expect(PlanDocJSONSchema.safeParse(plan).success).toBe(true);

    expect(Object.keys(plan.layout)).toEqual(['odd']);
    expect(plan.layout.odd).toEqual({
      id: 'odd',
      kind: 'light',
      x: 10,
      y: 10,
      w: 20,
      h: 20,
      rotation: 0,
      label: 'Spot',
      layer: 0,
      locked: false,
    });
    expect(Object.keys(plan.schedule)).toEqual(['backwards', 'e1']);
    expect(plan.schedule.backwards).toMatchObject({ start: '2026-05-03T20:00:00+02:00', end: '2026-05-03T21:00:00+02:00' });
    expect(plan.schedule.e1).toMatchObject({ kind: 'other', expectedAttendance: null, seating: 'standing', title: 'Talk' });
    expect(plan.tasks.t1).toMatchObject({ status: 'todo', due: null, scheduleEntryId: 'e1' });
    expect(plan.tasks.t2).toMatchObject({ title: 'Licht', scheduleEntryId: null, status: 'todo', assignee: null });
    expect(plan.tasks.t3).toBeUndefined();
    expect(plan.meta.title).toBe('');
    expect(plan.meta.disciplines).toEqual(['photography']);
    expect(plan.meta.publicDescription).toHaveLength(5000);

    expect(paths(problems)).toEqual(
      [
        'layout.good.w',
        'layout.noPos.x',
        'layout.num',
        'layout.odd.locked',
        'layout.odd.rotation',
        'layout.plain',
        'layout.sofa.kind',
        'meta.disciplines',
        'meta.disciplines',
        'meta.publicDescription',
        'meta.title',
        'schedule.backwards.end',
        'schedule.e1.expectedAttendance',
        'schedule.e1.kind',
        'schedule.e1.seating',
        'tasks.t1.due',
        'tasks.t1.status',
        'tasks.t2.scheduleEntryId',
        'tasks.t3',
      ].sort(),
    );
    for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
  });

  it('reads an empty document as an empty plan without problems', () => {
    expect(toJSON(new Y.Doc())).toEqual({
      plan: {
        meta: { title: '', disciplines: [], expectedAudience: '', publicDescription: '' },
        concept: '',
        layout: {},
        schedule: {},
        tasks: {},
      },
      problems: [],
    });
  });

  it('survives a corrupted doc arriving as an update in another replica', () => {
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(corrupted()));
    const { plan, problems } = toJSON(other);
    expect(Object.keys(plan.layout)).toEqual(['odd']);
    expect(problems.length).toBeGreaterThan(10);
  });

  it('reports a root name taken by another type instead of throwing', () => {
    const doc = new Y.Doc();
    doc.getArray('layout').push([1, 2, 3]);
    doc.getMap('tasks');
    setMeta(doc, { title: 'ok' });
    const { plan, problems } = toJSON(doc);
    expect(plan.layout).toEqual({});
    expect(plan.meta.title).toBe('ok');
    expect(problems.map((p) => p.path)).toEqual(['layout']);
  });

  it('a __proto__ key does not pollute the result', () => {
    const doc = new Y.Doc();
    const m = new Y.Map<unknown>();
    m.set('title', 'evil');
    doc.getMap('tasks').set('__proto__', m);
    const { plan, problems } = toJSON(doc);
    expect(Object.getPrototypeOf(plan.tasks)).toBe(Object.prototype);
    expect(Object.keys(plan.tasks)).toEqual([]);
    expect(problems).toHaveLength(1);
  });
});

describe('toJSON: text is safe to store and show (finding 3 of issue 15)', () => {
  const HUGE = 'x'.repeat(1024 * 1024);
  /** Every string in a JSON value, recursively (keys too). */
  const strings = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [k, ...strings(x)]) : [];

  function hostile() {
    const doc = new Y.Doc();
    addScheduleEntry(doc, { ...entry, id: 'nul' });
    addScheduleEntry(doc, { ...entry, id: 'lone' });
    addScheduleEntry(doc, { ...entry, id: 'huge' });
    addScheduleEntry(doc, { ...entry, id: 'id\u0000nul' });
    addLayoutItem(doc, { kind: 'table', x: 0, y: 0, w: 100, h: 60, id: 'l1' });
    addTask(doc, { title: 'Flyer', id: 't1', scheduleEntryId: 'nul' });
    const set = (c: string, id: string, k: string, v: unknown) => (doc.getMap<unknown>(c).get(id) as Y.Map<unknown>).set(k, v);
    doc.transact(() => {
      set('schedule', 'nul', 'title', 'Ver\u0000nissage');
      set('schedule', 'lone', 'title', 'Work\ud800shop');
      set('schedule', 'huge', 'title', `\ud83c\udfa8${HUGE}`);
      set('layout', 'l1', 'label', 'Ti\u0007sch\udc00');
      set('tasks', 't1', 'title', 'Fl\u0000yer\u001b');
      set('tasks', 't1', 'assignee', 'a\u0000b');
      doc.getMap<unknown>('meta').set('title', `Klang\u0000raum${'y'.repeat(199)}\ud83c\udfa8`);
      doc.getMap<unknown>('meta').set('disciplines', ['photo\u0000graphy']);
      doc.getText('concept').insert(0, `Zeile 1\n\tZeile\u0000 2 \ud800 ${HUGE}`);
    });
    return doc;
  }

  it('strips NUL and other control characters, replaces lone surrogates, cuts over-long strings and skips unclean ids', () => {
    const { plan, problems } = toJSON(hostile());
    expect(plan.schedule.nul.title).toBe('Vernissage');
    expect(plan.schedule.lone.title).toBe('Work\ufffdshop');
    // Cut to the limit without splitting the surrogate pair at its start.
    expect(plan.schedule.huge.title).toBe(`\ud83c\udfa8${'x'.repeat(198)}`);
    expect(Object.keys(plan.schedule).sort()).toEqual(['huge', 'lone', 'nul']);
    expect(plan.layout.l1.label).toBe('Tisch\ufffd');
    expect(plan.tasks.t1).toMatchObject({ title: 'Flyer', assignee: 'ab', scheduleEntryId: 'nul' });
    // 'Klangraum' + 199 'y' = 208 units: cut to 200, the emoji is gone entirely (not half of it).
    expect(plan.meta.title).toBe(`Klangraum${'y'.repeat(191)}`);
    expect(plan.meta.disciplines).toEqual([]);
    expect(plan.concept.startsWith('Zeile 1\n\tZeile 2 \ufffd x')).toBe(true);
    expect(PlanDocJSONSchema.safeParse(plan).success).toBe(true);
    for (const s of [...strings(plan), ...strings(problems)]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
      expect(s).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
      expect(s).toBe(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\ufffd'));
    }
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['schedule.nul.title', 'schedule.lone.title', 'schedule.huge.title', 'schedule.idnul', 'concept']),
    );
  });

  it('survives a JSON round trip through PostgreSQL-style jsonb rules (no \\u0000, no lone \\ud800 escapes)', () => {
    const json = JSON.stringify(toJSON(hostile()).plan);
    expect(json).not.toMatch(/\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i);
  });
});

describe('toJSON: reference images on layout items (issue 17)', () => {
  it('accepts items without one, keeps a valid id, and leaves null or junk out of the item and its consent hash', async () => {
    const { consentHash } = await import('./consent-hash.ts');
    const doc = new Y.Doc();
    addLayoutItem(doc, { kind: 'plinth', x: 0, y: 0, w: 50, h: 50, id: 'old' });
    const before = toJSON(doc);
    expect(before.plan.layout.old).not.toHaveProperty('referenceImage');
    const hash = consentHash(before.plan);
    const item = doc.getMap<Y.Map<unknown>>('layout').get('old')!;
    item.set('referenceImage', 'a1b2');
    const withRef = toJSON(doc);
    expect(withRef.plan.layout.old.referenceImage).toBe('a1b2');
    expect(consentHash(withRef.plan)).not.toBe(hash);
    for (const junk of [null, 42, '', 'x'.repeat(101)]) {
      item.set('referenceImage', junk);
      const read = toJSON(doc);
      expect(read.plan.layout.old.referenceImage, String(junk)).toBeUndefined();
      expect(consentHash(read.plan), String(junk)).toBe(hash);
      expect(PlanDocJSONSchema.safeParse(read.plan).success).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addTask, updateTask } from './doc.ts';
import { toJSON } from './read.ts';
import { PlanDocJSONSchema } from './schema.ts';
import { checkTasks } from '../checks/tasks.ts';

/** External helpers (issue 14): a task's responsible person without an account, read as untrusted text. */
describe('external helpers in the plan document', () => {
  it('keeps a named helper with phone or e-mail on a task', () => {
    const doc = new Y.Doc();
    const id = addTask(doc, { title: 'Schlüssel holen', helper: { name: 'Herr Oster', phone: '+49 231 123456', email: null } });
    const { plan, problems } = toJSON(doc);
    expect(problems).toEqual([]);
    expect(plan.tasks[id].helper).toEqual({ name: 'Herr Oster', phone: '+49 231 123456', email: null });
    expect(plan.tasks[id].assignee).toBeNull();
    expect(PlanDocJSONSchema.safeParse(plan).success).toBe(true);
  });

  it('refuses an invalid phone number or e-mail address from its own callers', () => {
    const doc = new Y.Doc();
    expect(() => addTask(doc, { title: 'x', helper: { name: 'Nachbarin', phone: 'ruf an', email: null } })).toThrow();
    expect(() => addTask(doc, { title: 'x', helper: { name: 'Nachbarin', phone: null, email: 'kein-mail' } })).toThrow();
    expect(() => addTask(doc, { title: 'x', helper: { name: '  ', phone: null, email: null } })).toThrow();
  });

  it('treats what any client wrote as untrusted: cleans the name, drops bad contacts, skips non-helpers', () => {
    const doc = new Y.Doc();
    const tasks = doc.getMap<unknown>('tasks');
    const task = (id: string, helper: unknown) => {
      const m = new Y.Map<unknown>();
      m.set('title', id);
      m.set('helper', helper);
      tasks.set(id, m);
    };
    task('a', { name: `Ha\u0000us${'m'.repeat(300)}`, phone: '0231\u0000 12', email: 'not-an-address' });
    task('b', 'Herr Oster');
    task('c', { name: '', phone: '0231 1234' });
    task('d', { name: 'Oster', phone: '<script>', email: 'oster@example.org' });
    const { plan, problems } = toJSON(doc);
    expect(plan.tasks.a.helper?.name).toMatch(/^Hausm+$/);
    expect(plan.tasks.a.helper?.name.length).toBe(100);
    expect(plan.tasks.a.helper).toMatchObject({ phone: '0231 12', email: null });
    expect(plan.tasks.b.helper).toBeUndefined();
    expect(plan.tasks.c.helper).toBeUndefined();
    expect(plan.tasks.d.helper).toEqual({ name: 'Oster', phone: null, email: 'oster@example.org' });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['tasks.b.helper', 'tasks.c.helper']));
    expect(PlanDocJSONSchema.safeParse(plan).success).toBe(true);
  });

  it('keeps the account when a task has both an assignee and a helper', () => {
    const doc = new Y.Doc();
    const id = addTask(doc, { title: 'x', assignee: 'u1' });
    updateTask(doc, id, { helper: { name: 'Oster', phone: null, email: null } });
    const { plan, problems } = toJSON(doc);
    expect(plan.tasks[id]).toMatchObject({ assignee: 'u1' });
    expect(plan.tasks[id].helper).toBeUndefined();
    expect(problems.map((p) => p.path)).toContain(`tasks.${id}.helper`);
  });

  it('counts a task with a helper as assigned', () => {
    const doc = new Y.Doc();
    addTask(doc, { title: 'Schlüssel holen', helper: { name: 'Herr Oster', phone: null, email: null } });
    const findings = checkTasks({ id: 'p', ...toJSON(doc).plan } as never);
    expect(findings.map((f) => f.kind)).not.toContain('task-unassigned');
  });
});

import { addScheduleEntry, addTask, type ScheduleEntryInput, type TaskInput } from '@planner/shared/plan/index';
import type { Api } from '../../helpers/api.ts';
import type { TestServer } from '../../helpers/server.ts';
import { storefrontBody } from '../domain/fixtures.ts';
import { openDoc, serverPlan, waitFor } from '../review/helpers.ts';

/** A fresh storefront (by staff) in `quarterId`, owned by `ownerId`, available March–April 2027. */
export async function newStorefront(staff: Api, quarterId: string, ownerId: string, title?: string): Promise<string> {
  const res = await staff.post('/api/storefronts', storefrontBody(quarterId, { ownerId, ...(title ? { title } : {}) }));
  if (res.status !== 201) throw new Error(`storefront: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/**
 * A plan by `designer` at the storefront with the given schedule entries (and tasks), written through the
 * live document and waited for on the server. Returns the plan id.
 */
export async function planWith(
  server: TestServer,
  designer: Api,
  storefrontId: string,
  title: string,
  entries: ScheduleEntryInput[],
  tasks: TaskInput[] = [],
): Promise<string> {
  const created = await designer.post('/api/plans', { storefrontId, title });
  if (created.status !== 201) throw new Error(`plan: ${created.status} ${JSON.stringify(created.body)}`);
  const planId: string = created.body.id;
  const d = await openDoc(server, planId, designer.token!);
  try {
    for (const e of entries) addScheduleEntry(d.doc, e);
    for (const t of tasks) addTask(d.doc, t);
    await waitFor(async () => {
      const p = await serverPlan(server, planId);
      return (Object.keys(p.schedule).length === entries.length && Object.keys(p.tasks).length === tasks.length) || undefined;
    });
  } finally {
    d.close();
  }
  return planId;
}

/**
 * Waits until the storefront's occupancy shows `count` periods: a plan's schedule span is stored by the
 * live checks (debounced after document changes), which may land after the transition's answer.
 */
export async function waitForPeriods(staff: Api, storefrontId: string, count: number): Promise<void> {
  await waitFor(async () => {
    const res = await staff.get(`/api/storefronts/${storefrontId}/occupancy`);
    return (res.status === 200 && res.body.periods.length === count) || undefined;
  });
}

import type { Api, Res } from './api.ts';

// The staff and owner decisions on a plan, written once for every test that needs a plan approved or
// published on the way to what it tests. When the decision contracts change (the approval bound to the
// schedule hash the reviewer saw, publishing that needs owner consent and no open errors), these
// functions change with them, and the tests that only pass through a decision stay as they are.

const transition = (api: Api, planId: string, name: string, body?: unknown): Promise<Res> =>
  api.post(`/api/plans/${planId}/transitions/${name}`, body);

/** Staff approve the plan as it is now. */
export function approve(staff: Api, planId: string, note?: string): Promise<Res> {
  return transition(staff, planId, 'approve', note === undefined ? {} : { note });
}

/** Staff renew a stale approval for the schedule as it is now. */
export function renew(staff: Api, planId: string, note?: string): Promise<Res> {
  return staff.post(`/api/plans/${planId}/approvals`, note === undefined ? {} : { note });
}

/** Staff publish an approved plan, overriding whatever safeguard a test does not care about. */
export function publish(staff: Api, planId: string): Promise<Res> {
  return transition(staff, planId, 'publish', { overrideErrors: 'Test', overrideConsent: 'Test' });
}

/** Submit, approve and publish in one go; throws with the answer when a step fails. */
export async function submitApprovePublish(designer: Api, staff: Api, planId: string): Promise<void> {
  for (const [step, run] of [
    ['submit', () => transition(designer, planId, 'submit')],
    ['approve', () => approve(staff, planId)],
    ['publish', () => publish(staff, planId)],
  ] as const) {
    const res = await run();
    if (res.status !== 200) throw new Error(`${step} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

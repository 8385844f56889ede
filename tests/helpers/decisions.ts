import type { Api, Res } from './api.ts';

// The staff and owner decisions on a plan, written once for every test that needs a plan approved or
// published on the way to what it tests. When the decision contracts change (the approval bound to the
// schedule hash the reviewer saw, publishing that needs owner consent and no open errors), these
// functions change with them, and the tests that only pass through a decision stay as they are.

const transition = (api: Api, planId: string, name: string, body?: unknown): Promise<Res> =>
  api.post(`/api/plans/${planId}/transitions/${name}`, body);

/** What a test that passes through a decision says about the safeguards it does not care about. */
const NOT_UNDER_TEST = 'Im Test nicht Gegenstand';

/**
 * Options of approve/renew: `scheduleHash` to bind another hash than the live one (the race tests),
 * `acknowledgeErrors` to give another reason, or null to give none (tests of the safeguard).
 */
export interface DecideOptions {
  scheduleHash?: string;
  acknowledgeErrors?: string | null;
}

/** The hash of the plan's live schedule, as the reviewer's page holds it (`GET /api/plans/:id/approval`). */
export async function scheduleHashOf(api: Api, planId: string): Promise<string> {
  const res = await api.get(`/api/plans/${planId}/approval`);
  if (res.status !== 200) throw new Error(`approval state: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.currentHash;
}

async function decisionBody(staff: Api, planId: string, note: string | undefined, opts: DecideOptions) {
  const ack = opts.acknowledgeErrors === undefined ? NOT_UNDER_TEST : opts.acknowledgeErrors;
  return {
    ...(note === undefined ? {} : { note }),
    scheduleHash: opts.scheduleHash ?? (await scheduleHashOf(staff, planId)),
    ...(ack === null ? {} : { acknowledgeErrors: ack }),
  };
}

/** Staff approve the plan as it is now (open errors acknowledged unless `acknowledgeErrors: null`). */
export async function approve(staff: Api, planId: string, note?: string, opts: DecideOptions = {}): Promise<Res> {
  return transition(staff, planId, 'approve', await decisionBody(staff, planId, note, opts));
}

/** Staff renew a stale approval for the schedule as it is now. */
export async function renew(staff: Api, planId: string, note?: string, opts: DecideOptions = {}): Promise<Res> {
  return staff.post(`/api/plans/${planId}/approvals`, await decisionBody(staff, planId, note, opts));
}

/**
 * Staff publish an approved plan, overriding whatever safeguard a test does not care about (the
 * owner's consent unless `overrideConsent: null`).
 */
export function publish(staff: Api, planId: string, opts: { overrideConsent?: string | null } = {}): Promise<Res> {
  const override = opts.overrideConsent === undefined ? NOT_UNDER_TEST : opts.overrideConsent;
  return transition(staff, planId, 'publish', {
    overrideErrors: NOT_UNDER_TEST,
    ...(override === null ? {} : { overrideConsent: override }),
  });
}

/** The storefront's owner gives consent ("Einverstanden") to the plan as it is now. */
export async function ownerAgrees(owner: Api, planId: string): Promise<Res> {
  const state = await owner.get(`/api/plans/${planId}/consent`);
  if (state.status !== 200) throw new Error(`consent state: ${state.status} ${JSON.stringify(state.body)}`);
  return owner.post(`/api/plans/${planId}/consent`, { decision: 'agreed', consentHash: state.body.consentHash });
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

/**
 * What a transition needs besides the note when a test passes through it: approve binds the live
 * schedule's hash (read by `reader`, who may read the approval state) and acknowledges open errors;
 * publish overrides the safeguards. Other transitions need nothing more.
 */
export async function transitionExtras(reader: Api, planId: string, name: string): Promise<Record<string, string>> {
  if (name === 'approve') return { scheduleHash: await scheduleHashOf(reader, planId), acknowledgeErrors: NOT_UNDER_TEST };
  if (name === 'publish') return { overrideErrors: NOT_UNDER_TEST, overrideConsent: NOT_UNDER_TEST };
  return {};
}

import type { Action } from '@planner/shared';
import type { TestServer } from '../../helpers/server.ts';
import { insertApplication, insertCall, insertStorefront, person } from '../jury/fixtures.ts';
import { api, type Role, type World } from './fixtures.ts';

/**
 * The matrix rows of the jury and selection of open calls (issue 16), kept apart so matrix.test.ts only
 * spreads them in. One call of their own, created on first use: over a storefront of owner1 (the
 * `owner` column) with staff named a juror, and one shortlisted application ranking that storefront.
 * owner2 (`otherOwner`) owns no storefront of the call; designer and outsider have no relation to it.
 */
type Outcome = 'ok' | 401 | 403 | 404 | 409;
interface Row {
  name: string;
  action: Action;
  expect: Record<Role, Outcome>;
  run(role: Role): Promise<Outcome | number>;
}

export function juryRows(ctx: () => { server: TestServer; world: World }): Row[] {
  const status = (res: { status: number }, ok: number): Outcome | number => (res.status === ok ? 'ok' : res.status);
  let made: Promise<{
    callId: string;
    storefrontId: string;
    applicationId: string;
    criterionId: string;
    applicantId: string;
  }> | null = null;
  const fixture = () => {
    made ??= (async () => {
      const { server, world } = ctx();
      const applicant = await person(server, 'Matrix Bewerberin', ['applicant']);
      const storefrontId = await insertStorefront(world.demo.storefrontIds[0], world.userIds.owner, 'Jury-Matrix');
      const call = await insertCall({ storefrontIds: [storefrontId], jurors: [world.userIds.staff] });
      const applicationId = await insertApplication({
        callId: call.callId,
        applicantId: applicant.id,
        storefrontIds: [storefrontId],
        concept: 'Matrix-Konzept',
      });
      const res = await api(
        server,
        world,
        'staff',
        'POST',
        `/api/selection/calls/${call.callId}/applications/${applicationId}/shortlist`,
        {},
      );
      if (res.status !== 200) throw new Error(`shortlist: ${res.status} ${JSON.stringify(res.body)}`);
      return { callId: call.callId, storefrontId, applicationId, criterionId: call.criteria[0]!.id, applicantId: applicant.id };
    })();
    return made;
  };
  /** A fresh submitted application of the call (rows that change its state). */
  const freshApplication = async () => {
    const f = await fixture();
    return insertApplication({
      callId: f.callId,
      applicantId: (await person(ctx().server, 'Matrix Neu', ['applicant'])).id,
      storefrontIds: [f.storefrontId],
      concept: 'Neu',
    });
  };
  const staffOnly = { staff: 'ok', owner: 403, otherOwner: 403, designer: 403, outsider: 403, anonymous: 401 } as const;
  const run = async (
    role: Role,
    method: string,
    path: (f: Awaited<ReturnType<typeof fixture>>) => string | Promise<string>,
    ok: number,
    body?: unknown,
  ) => {
    const f = await fixture();
    return status(await api(ctx().server, ctx().world, role, method, await path(f), body), ok);
  };
  return [
    {
      name: 'GET /api/jury/calls/:callId (the juror’s sheet; staff are jurors of this call)',
      action: 'jury.score',
      expect: staffOnly,
      run: (role) => run(role, 'GET', (f) => `/api/jury/calls/${f.callId}`, 200),
    },
    {
      name: 'PUT /api/jury/calls/:callId/applications/:applicationId/score',
      action: 'jury.score',
      expect: staffOnly,
      run: async (role) => {
        const f = await fixture();
        return run(role, 'PUT', () => `/api/jury/calls/${f.callId}/applications/${f.applicationId}/score`, 200, {
          scores: [{ criterionId: f.criterionId, score: 4 }],
        });
      },
    },
    {
      name: 'GET /api/jury/calls/:callId/ranking',
      action: 'jury.readRanking',
      expect: staffOnly,
      run: (role) => run(role, 'GET', (f) => `/api/jury/calls/${f.callId}/ranking`, 200),
    },
    {
      name: 'GET /api/selection/calls/:callId (the decision board)',
      action: 'call.decide',
      expect: staffOnly,
      run: (role) => run(role, 'GET', (f) => `/api/selection/calls/${f.callId}`, 200),
    },
    {
      name: 'POST /api/selection/calls/:callId/applications/:applicationId/decide (waitlist a fresh application)',
      action: 'call.decide',
      expect: staffOnly,
      run: (role) =>
        run(role, 'POST', async (f) => `/api/selection/calls/${f.callId}/applications/${await freshApplication()}/decide`, 200, {
          decision: 'waitlisted',
        }),
    },
    {
      name: 'GET /api/shortlist/storefronts/:storefrontId (owner1’s storefront)',
      action: 'shortlist.read',
      expect: { staff: 'ok', owner: 'ok', otherOwner: 403, designer: 403, outsider: 403, anonymous: 401 },
      run: (role) => run(role, 'GET', (f) => `/api/shortlist/storefronts/${f.storefrontId}`, 200),
    },
    {
      name: 'PUT /api/shortlist/applications/:applicationId/storefronts/:storefrontId (owner1’s storefront)',
      action: 'shortlist.answer',
      expect: { staff: 403, owner: 'ok', otherOwner: 403, designer: 403, outsider: 403, anonymous: 401 },
      run: (role) =>
        run(role, 'PUT', (f) => `/api/shortlist/applications/${f.applicationId}/storefronts/${f.storefrontId}`, 200, {
          answer: 'agree',
        }),
    },
    {
      name: 'GET /api/selection/calls/:callId/mail-templates',
      action: 'call.mail',
      expect: staffOnly,
      run: (role) => run(role, 'GET', (f) => `/api/selection/calls/${f.callId}/mail-templates`, 200),
    },
    {
      name: 'GET /api/selection/calls/:callId/mail-sends',
      action: 'call.mail',
      expect: staffOnly,
      run: (role) => run(role, 'GET', (f) => `/api/selection/calls/${f.callId}/mail-sends`, 200),
    },
    {
      name: 'GET /api/checklist-template',
      action: 'checklist.manage',
      expect: staffOnly,
      run: (role) => run(role, 'GET', () => '/api/checklist-template', 200),
    },
  ];
}

import { describe, expect } from 'vitest';
import { can } from '@planner/shared';
import { test } from '../../helpers/fixtures.ts';
import { apiFor } from '../../helpers/api.ts';
import { insertApplication, insertCall, insertStorefront, person } from './fixtures.ts';

/**
 * The call columns come from the relationship, never from the role alone (DESIGN.md §5): a juror of
 * this call vs. a juror of another call; the owner of a shortlisted storefront vs. another owner.
 */
describe('jury and shortlist relationships', () => {
  test('a juror of this call scores it; a juror of another call gets 403 on it', async ({ server, world }) => {
    const mine = await person(server, 'Juror Hier', ['juror']);
    const elsewhere = await person(server, 'Juror Dort', ['juror']);
    const applicant = await person(server, 'Bewerber Relation', ['applicant']);
    const sf = await insertStorefront(world.demo.storefrontIds[0], world.userIds.owner, 'Relationen-Laden');
    const call = await insertCall({ storefrontIds: [sf], jurors: [mine.id] });
    await insertCall({ storefrontIds: [sf], jurors: [elsewhere.id] });
    const app = await insertApplication({
      callId: call.callId,
      applicantId: applicant.id,
      storefrontIds: [sf],
      concept: 'Relation',
    });
    const body = { scores: [{ criterionId: call.criteria[0]!.id, score: 2 }] };
    const path = `/api/jury/calls/${call.callId}/applications/${app}/score`;
    expect((await apiFor(server, mine.token).put(path, body)).status).toBe(200);
    expect((await apiFor(server, elsewhere.token).put(path, body)).status).toBe(403);
    expect((await apiFor(server, elsewhere.token).get(`/api/jury/calls/${call.callId}`)).status).toBe(403);
    // The applicant of the call is no juror of it.
    expect((await apiFor(server, applicant.token).put(path, body)).status).toBe(403);
    const juror = { userId: mine.id, staff: false, roles: ['juror'] as const };
    expect(can(juror, 'jury.score', { callRole: 'juror' })).toBe(true);
    expect(can(juror, 'jury.score', { callRole: null })).toBe(false);
    expect(can(juror, 'jury.readRanking', { callRole: 'juror' })).toBe(false);
  });

  test('the owner of a shortlisted storefront reads and answers; another owner does not', async ({ server, world }) => {
    const applicant = await person(server, 'Bewerberin Relation', ['applicant']);
    const sf = await insertStorefront(world.demo.storefrontIds[0], world.userIds.owner, 'Kurzlisten-Laden');
    const call = await insertCall({ storefrontIds: [sf], jurors: [] });
    const app = await insertApplication({
      callId: call.callId,
      applicantId: applicant.id,
      storefrontIds: [sf],
      concept: 'Kurzliste',
    });
    expect((await world.api.staff.post(`/api/selection/calls/${call.callId}/applications/${app}/shortlist`)).status).toBe(200);
    const answer = `/api/shortlist/applications/${app}/storefronts/${sf}`;
    expect((await world.api.owner1.get(`/api/shortlist/storefronts/${sf}`)).body.items).toHaveLength(1);
    expect((await world.api.owner2.get(`/api/shortlist/storefronts/${sf}`)).status).toBe(403);
    expect(
      (await world.api.owner2.get('/api/shortlist')).body.items.some((i: { applicationId: string }) => i.applicationId === app),
    ).toBe(false);
    expect((await world.api.owner2.put(answer, { answer: 'agree' })).status).toBe(403);
    expect((await world.api.owner1.put(answer, { answer: 'agree' })).status).toBe(200);
    // The applicant sees no shortlist of anyone.
    expect((await apiFor(server, applicant.token).get('/api/shortlist')).body.items).toEqual([]);
  });
});

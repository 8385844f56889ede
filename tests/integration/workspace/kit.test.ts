import { describe, expect } from 'vitest';
import { test, waitFor } from '../../helpers/fixtures.ts';

/** The test kit's own fixtures, so that a broken opener or recorder fails here and not in ten files. */
describe('the test kit', () => {
  // File fixtures start in a hook (hookTimeout), not inside the first test (testTimeout).
  test.beforeAll(({ world }) => void world);

  test('docs opened through the fixture sync through the server, and a recorder hears room events', async ({
    world,
    openDoc,
    connectDoc,
    record,
  }) => {
    const { planId } = world;
    const designer = await openDoc(planId, world.tokens.designer);
    const staff = connectDoc(planId, { token: world.tokens.staff });
    await staff.synced;
    designer.doc.getText('concept').insert(0, 'Kit');
    await waitFor(() => staff.doc.getText('concept').toString().includes('Kit'), 5000, 'the edit on the second client');

    const rec = await record(world.tokens.staff);
    await rec.join(planId);
    const posted = await world.api.owner1.post(`/api/plans/${planId}/comments`, { body: 'Vom Kit', anchor: { kind: 'plan' } });
    expect(posted.status).toBe(201);
    const seen = await rec.first('comment:created', (c) => c.id === posted.body.id);
    expect(seen.id).toBe(posted.body.id);
  });

  test('waitFor fails with what it waited for', async () => {
    await expect(waitFor(() => false, 50, 'nothing')).rejects.toThrow('waiting for nothing');
  });
});

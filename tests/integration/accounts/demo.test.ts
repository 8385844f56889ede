import { describe, expect } from 'vitest';
import { loadConfig } from '@planner/server';
import { test as it } from '../../helpers/fixtures.ts';
import { api } from './fixtures.ts';

describe('demo data', () => {
  it('is never created in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DEMO_DATA: 'true' });
    expect(config.demoData).toBe(false);
  });

  it('gives each matrix role its relation to the demo plan', async ({ server, world }) => {
    const members = await api(server, world, 'staff', 'GET', `/api/plans/${world.planId}/members`);
    const roles = Object.fromEntries(members.body.members.map((m: any) => [m.userId, m.role]));
    expect(roles).toEqual({
      [world.demo.users.designer1.id]: 'designer',
      [world.demo.users.designer2.id]: 'designer',
      [world.demo.users.owner1.id]: 'owner',
    });
    expect(world.demo.users.staff.staff).toBe(true);
    expect(Object.keys(world.demo.users)).toHaveLength(6);
  });
});

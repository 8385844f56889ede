import { describe, expect, it } from 'vitest';
import { clientEventSchemas } from './events.ts';

describe('client→server socket payloads', () => {
  it('plan:join and plan:leave take a plan id and nothing malformed', () => {
    for (const event of ['plan:join', 'plan:leave'] as const) {
      const schema = clientEventSchemas[event];
      expect(schema.safeParse({ planId: '3f1c2a54-0a7e-4a34-9d2e-1b6f0f0c9a11' }).success).toBe(true);
      expect(schema.safeParse({ planId: 'demo-plan' }).success).toBe(true);
      for (const bad of [
        null,
        undefined,
        'plan',
        {},
        { planId: 5 },
        { planId: '' },
        { planId: 'a/b' },
        { planId: 'x'.repeat(65) },
      ]) {
        expect(schema.safeParse(bad).success).toBe(false);
      }
    }
  });
});

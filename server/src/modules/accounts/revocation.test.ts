import { describe, expect, it } from 'vitest';
import { MemoryHub, MemoryPubSub } from '../../platform/bus/memory-pubsub.ts';
import { Revocations, type AccessEvent } from './revocation.ts';

describe('Revocations', () => {
  it('delivers every published change to the listeners of every instance, the publisher included', async () => {
    const hub = new MemoryHub();
    const a = new Revocations(new MemoryPubSub(hub), (err) => {
      throw err;
    });
    const b = new Revocations(new MemoryPubSub(hub), (err) => {
      throw err;
    });
    await Promise.all([a.start(), b.start()]);
    const heardA: AccessEvent[] = [];
    const heardB: AccessEvent[] = [];
    a.on((e) => void heardA.push(e));
    b.on((e) => void heardB.push(e));
    const change: AccessEvent = { type: 'plan-access', planId: 'p1', userId: 'u1', access: 'read' };
    await a.publish(change);
    await expect.poll(() => heardB).toEqual([change]);
    expect(heardA).toEqual([change]);
    await b.stop();
    await a.publish({ type: 'credentials-revoked', userId: 'u1', all: true });
    await expect.poll(() => heardA.length).toBe(2);
    expect(heardB).toHaveLength(1);
  });

  it('reports a listener that fails without stopping the others', async () => {
    const errors: unknown[] = [];
    const r = new Revocations(new MemoryPubSub(), (err) => errors.push(err));
    await r.start();
    const heard: AccessEvent[] = [];
    r.on(() => {
      throw new Error('boom');
    });
    r.on((e) => void heard.push(e));
    await r.publish({ type: 'plan-access', planId: 'p', userId: 'u', access: 'none' });
    await expect.poll(() => heard.length).toBe(1);
    await expect.poll(() => errors.length).toBe(1);
  });
});

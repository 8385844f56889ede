import { describe, expect, it } from 'vitest';
import { MemoryHub, MemoryPubSub } from '../../platform/bus/memory-pubsub.ts';
import { credentialRevoked, Revocations, type AccessCheck, type AccessEvent } from './revocation.ts';

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

  it('applies a change locally before publish resolves, and a failing bus is logged, not thrown', async () => {
    const bus = new MemoryPubSub();
    const errors: unknown[] = [];
    const r = new Revocations(bus, (err) => errors.push(err));
    await r.start();
    const heard: AccessEvent[] = [];
    r.on((e) => void heard.push(e));
    bus.setHealthy(false);
    const change: AccessEvent = { type: 'plan-access', planId: 'p', userId: 'u', access: 'none' };
    await expect(r.publish(change)).resolves.toBeUndefined();
    expect(heard).toEqual([change]);
    await expect.poll(() => errors.length).toBe(1);
    await r.stop();
  });

  it('another instance does not apply its own message twice', async () => {
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
    await a.publish({ type: 'credentials-revoked', userId: 'u', tokenIds: ['t'] });
    await expect.poll(() => heardB.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heardA).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('re-checks against the database while the bus is down, once more on recovery, and then stops', async () => {
    const bus = new MemoryPubSub();
    const check: AccessCheck = { credentialAlive: async () => true, planAccess: async () => 'write' };
    const errors: unknown[] = [];
    const r = new Revocations(bus, (err) => errors.push(err), { check, recheckEveryMs: 30, marginMs: 10 });
    await r.start();
    let passes = 0;
    r.onRecheck(async () => {
      passes++;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(passes).toBe(0);
    bus.setHealthy(false);
    await expect.poll(() => passes).toBeGreaterThanOrEqual(3);
    // A change made during the outage is answered only after one more re-check interval.
    const before = passes;
    const started = Date.now();
    await r.publish({ type: 'plan-access', planId: 'p', userId: 'u', access: 'none' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(passes).toBeGreaterThan(before);
    bus.setHealthy(true);
    await expect.poll(() => r.recheckNow().then(() => true)).toBe(true);
    const settled = passes;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(passes).toBe(settled);
    // The one failure: the publish during the outage (logged, not thrown).
    expect(errors).toHaveLength(1);
    await r.stop();
  });

  it('matches the credentials of a revocation', () => {
    const e: Extract<AccessEvent, { type: 'credentials-revoked' }> = {
      type: 'credentials-revoked',
      userId: 'u',
      sessionIds: ['s1'],
      tokenIds: ['t1'],
    };
    expect(credentialRevoked(e, 'session:s1')).toBe(true);
    expect(credentialRevoked(e, 'token:t1')).toBe(true);
    expect(credentialRevoked(e, 'session:s2')).toBe(false);
    expect(credentialRevoked(e, 'token:t2')).toBe(false);
    expect(credentialRevoked({ type: 'credentials-revoked', userId: 'u', all: true }, 'session:x')).toBe(true);
    expect(credentialRevoked({ type: 'credentials-revoked', userId: 'u', all: true }, 'token:x')).toBe(false);
    expect(credentialRevoked({ type: 'credentials-revoked', userId: 'u', tokenId: 'x' }, 'token:x')).toBe(true);
  });
});

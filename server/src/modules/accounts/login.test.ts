import { describe, expect, it } from 'vitest';
import { MemoryLimitStore } from './limit-store.ts';
import { LoginLimits } from './login.ts';

function limitsAt(clock: { t: number }) {
  return new LoginLimits(new MemoryLimitStore(() => clock.t), {
    maxFailures: 3,
    backoffBaseMs: 1000,
    backoffMaxMs: 5000,
    maxFailuresPerIp: 2,
    ipWindowMs: 10_000,
  });
}

describe('LoginLimits', () => {
  it('slows an account down from the threshold on, doubling the wait per failure up to the cap', async () => {
    const clock = { t: 0 };
    const limits = limitsAt(clock);
    for (let i = 0; i < 3; i++) {
      expect(await limits.backoffWait('acct:a')).toBe(0);
      await limits.backoffFail('acct:a');
    }
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const w = await limits.backoffWait('acct:a');
      waits.push(w);
      clock.t += w;
      expect(await limits.backoffWait('acct:a')).toBe(0);
      await limits.backoffFail('acct:a');
    }
    expect(waits).toEqual([1000, 2000, 4000, 5000]);
    // Another key is not affected; a success ends the backoff.
    expect(await limits.backoffWait('acct:b')).toBe(0);
    await limits.backoffReset('acct:a');
    expect(await limits.backoffWait('acct:a')).toBe(0);
  });

  it('lets one attempt through per wait: the one being checked holds the slot', async () => {
    const clock = { t: 0 };
    const limits = limitsAt(clock);
    for (let i = 0; i < 3; i++) await limits.backoffFail('acct:a');
    clock.t += 1000;
    expect(await limits.backoffWait('acct:a')).toBe(0);
    expect(await limits.backoffWait('acct:a')).toBeGreaterThan(0);
  });

  it('limits an address per fixed window', async () => {
    const clock = { t: 0 };
    const limits = limitsAt(clock);
    await limits.ipFail('ip:x');
    clock.t += 4000;
    await limits.ipFail('ip:x');
    expect(await limits.ipWait('ip:x')).toBe(6000);
    clock.t += 6000;
    expect(await limits.ipWait('ip:x')).toBe(0);
  });

  it('says yes once per period', async () => {
    const clock = { t: 0 };
    const limits = limitsAt(clock);
    expect(await limits.once('mail:u', 3_600_000)).toBe(true);
    expect(await limits.once('mail:u', 3_600_000)).toBe(false);
    clock.t += 3_600_000;
    expect(await limits.once('mail:u', 3_600_000)).toBe(true);
  });
});

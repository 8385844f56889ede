import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeyedDebouncer } from './keyed-debounce.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('KeyedDebouncer', () => {
  it('runs once, a full wait after the last schedule, with one timer per key however often it is scheduled', async () => {
    vi.useFakeTimers();
    const runs: string[] = [];
    const d = new KeyedDebouncer(
      50,
      async (k) => {
        runs.push(k);
      },
      () => {},
    );
    for (let i = 0; i < 100; i++) {
      d.schedule('plan');
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(runs).toEqual([]);
    // The last schedule was 10 ms ago: 40 ms to go.
    await vi.advanceTimersByTimeAsync(35);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    expect(runs).toEqual(['plan']);
    expect(vi.getTimerCount()).toBe(0);
    d.schedule('other');
    d.schedule('plan');
    await vi.advanceTimersByTimeAsync(60);
    expect(runs.sort()).toEqual(['other', 'plan', 'plan']);
    await d.close();
  });
});

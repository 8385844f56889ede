import { describe, expect, it } from 'vitest';
import { throttledErrorLog } from './log-throttle.ts';

describe('throttledErrorLog', () => {
  it('logs the first error, suppresses the next ones within the interval and counts them', () => {
    let t = 0;
    const lines: Record<string, unknown>[] = [];
    const log = throttledErrorLog('redis', (fields) => lines.push(fields), { intervalMs: 10_000, now: () => t });
    log(new Error('a'));
    t = 1000;
    log(new Error('b'));
    log(new Error('c'));
    expect(lines).toHaveLength(1);
    expect(lines[0].suppressed).toBeUndefined();
    t = 10_000;
    log(new Error('d'));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ source: 'redis', suppressed: 2 });
    expect((lines[1].err as Error).message).toBe('d');
  });
});

import { describe, expect, it, vi } from 'vitest';

describe('berlin-time (issue 19: nothing at module evaluation that can wait)', () => {
  it('makes its time-zone formatter on first use, not when the module loads', async () => {
    vi.resetModules();
    const made = vi.spyOn(Intl, 'DateTimeFormat');
    const m = await import('./berlin-time.ts');
    expect(made).not.toHaveBeenCalled();
    made.mockRestore();
    expect(m.berlinOffsetMinutes(Date.parse('2026-07-01T12:00:00Z'))).toBe(120);
    expect(m.berlinOffsetMinutes(Date.parse('2026-01-01T12:00:00Z'))).toBe(60);
  });
});

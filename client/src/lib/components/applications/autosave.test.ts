import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Application, ApplicationPatch } from '@planner/shared';
import { ApiError } from '$lib/api/errors';
import { Autosave, type SaveState } from './autosave';

/** The autosave of the application form: debounced, nothing lost on a failed save, retried; 409 locks. */
describe('Autosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(answers: (patch: ApplicationPatch) => Promise<Application>) {
    const sent: ApplicationPatch[] = [];
    const states: SaveState[] = [];
    const saver = new Autosave(
      (p) => {
        sent.push(p);
        return answers(p);
      },
      () => {},
      (s) => states.push(s),
      500,
      2000,
    );
    return { saver, sent, states };
  }
  const ok = async () => ({}) as Application;

  it('merges quick changes into one PATCH after the pause', async () => {
    const { saver, sent, states } = setup(ok);
    saver.change({ concept: 'A' });
    saver.change({ concept: 'AB' });
    saver.change({ needsNote: 'Licht' });
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([{ concept: 'AB', needsNote: 'Licht' }]);
    expect(saver.state).toBe('saved');
    expect(states).toEqual(['pending', 'pending', 'pending', 'saving', 'saved']);
  });

  it('keeps the fields of a failed save and sends them again, with newer changes winning', async () => {
    let fail = true;
    const { saver, sent } = setup(async () => {
      if (fail) throw new ApiError(0, 'NETWORK', '');
      return {} as Application;
    });
    saver.change({ concept: 'Erster Stand', needsNote: 'Strom' });
    await vi.advanceTimersByTimeAsync(500);
    expect(saver.state).toBe('error');
    expect(saver.pending).toEqual({ concept: 'Erster Stand', needsNote: 'Strom' });
    saver.change({ concept: 'Neuer Stand' });
    fail = false;
    await vi.advanceTimersByTimeAsync(500);
    expect(sent.at(-1)).toEqual({ concept: 'Neuer Stand', needsNote: 'Strom' });
    expect(saver.state).toBe('saved');
    expect(saver.pending).toEqual({});
  });

  it('retries by itself after a network failure', async () => {
    let calls = 0;
    const { saver, sent } = setup(async () => {
      calls += 1;
      if (calls === 1) throw new ApiError(503, 'UNAVAILABLE', 'error.unavailable');
      return {} as Application;
    });
    saver.change({ concept: 'X' });
    await vi.advanceTimersByTimeAsync(500);
    expect(saver.state).toBe('error');
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent).toEqual([{ concept: 'X' }, { concept: 'X' }]);
    expect(saver.state).toBe('saved');
  });

  it('waits for the person after a refused field (400), and locks on 409', async () => {
    const { saver, sent } = setup(async () => {
      throw new ApiError(400, 'VALIDATION', 'error.validation');
    });
    saver.change({ portfolioLinks: [{ url: 'javascript:x', label: '' }] });
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toHaveLength(1);
    expect(saver.state).toBe('error');

    const locked = setup(async () => {
      throw new ApiError(409, 'CONFLICT', 'application.locked');
    });
    locked.saver.change({ concept: 'spät' });
    await vi.advanceTimersByTimeAsync(500);
    expect(locked.saver.state).toBe('locked');
    locked.saver.change({ concept: 'noch später' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(locked.sent).toHaveLength(1);
  });
});

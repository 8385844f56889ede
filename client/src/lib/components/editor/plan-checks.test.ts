import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PlanChecksInput } from '@planner/shared';
import { PlanChecker } from './plan-checks';

/** A stand-in for the browser's Worker: postMessage clones like the real one (a Proxy cannot be cloned). */
class FakeWorker {
  static last: FakeWorker | null = null;
  posted: unknown[] = [];
  raw: unknown[] = [];
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor() {
    FakeWorker.last = this;
  }
  postMessage(msg: unknown) {
    this.posted.push(structuredClone(msg));
    this.raw.push(msg);
  }
  terminate() {}
}

const input = (layout: PlanChecksInput['plan']['layout']): PlanChecksInput => ({
  plan: { id: 'p1', storefrontId: 's1', status: 'draft', layout, schedule: {}, tasks: {} },
  storefront: null,
  now: '2026-12-01T12:00:00.000Z',
});

describe('PlanChecker (issue 19)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('posts the plain input to the worker as it is, without a JSON round trip on the main thread', () => {
    vi.stubGlobal('Worker', FakeWorker);
    const stringify = vi.spyOn(JSON, 'stringify');
    const checker = new PlanChecker(() => {});
    const layout = {
      a: { id: 'a', kind: 'table' as const, x: 1, y: 2, w: 10, h: 10, rotation: 0, label: '', layer: 0, locked: false },
    };
    checker.run(input(layout));
    expect(stringify).not.toHaveBeenCalled();
    stringify.mockRestore();
    const sent = FakeWorker.last!.raw[0] as { seq: number; input: PlanChecksInput };
    expect(sent.input.plan.layout).toBe(layout);
    expect(FakeWorker.last!.posted[0]).toEqual({ seq: 1, input: input(layout) });
    checker.destroy();
  });

  it('falls back to a JSON copy when the input holds something the structured clone refuses (a state proxy)', () => {
    vi.stubGlobal('Worker', FakeWorker);
    const checker = new PlanChecker(() => {});
    const item = { id: 'a', kind: 'table' as const, x: 1, y: 2, w: 10, h: 10, rotation: 0, label: '', layer: 0, locked: false };
    checker.run(input({ a: new Proxy(item, {}) }));
    expect(FakeWorker.last!.posted).toEqual([{ seq: 1, input: input({ a: item }) }]);
    checker.destroy();
  });

  it('starts its worker with the first run, not when the editor opens', () => {
    vi.stubGlobal('Worker', FakeWorker);
    FakeWorker.last = null;
    const checker = new PlanChecker(() => {});
    expect(FakeWorker.last).toBeNull();
    checker.run(input({}));
    expect(FakeWorker.last).not.toBeNull();
    checker.destroy();
  });
});

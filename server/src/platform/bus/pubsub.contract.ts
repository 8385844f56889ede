import { afterEach, describe, expect, it } from 'vitest';
import type { PubSub } from './pubsub.ts';

/**
 * The contract every {@link PubSub} implementation passes. `connect` returns two handles on the same
 * bus (two server instances); each is closed after its test.
 */
export function pubsubContract(name: string, connect: () => Promise<[PubSub, PubSub]>) {
  describe(`PubSub contract: ${name}`, () => {
    const open: PubSub[] = [];
    const pair = async () => {
      const p = await connect();
      open.push(...p);
      return p;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((b) => b.close()));
    });
    const channel = () => `contract-${Math.random().toString(36).slice(2)}`;
    const nextMessage = (bus: PubSub, ch: string) =>
      new Promise<Uint8Array>((resolve) => {
        void bus.subscribe(ch, (m) => resolve(m));
      });

    it('delivers a binary message byte-identical to a subscriber of the other handle', async () => {
      const [a, b] = await pair();
      const ch = channel();
      const got: Uint8Array[] = [];
      await b.subscribe(ch, (m) => got.push(m.slice()));
      const message = new Uint8Array(4096).map((_, i) => (i * 31 + 7) % 256);
      message[0] = 0;
      message[1] = 255;
      await a.publish(ch, message);
      await expect.poll(() => got.length).toBe(1);
      expect(Buffer.from(got[0]).equals(Buffer.from(message))).toBe(true);
    });

    it('keeps channels apart and delivers to every subscriber, in order', async () => {
      const [a, b] = await pair();
      const ch1 = channel();
      const ch2 = channel();
      const one: number[] = [];
      const two: number[] = [];
      const oneAgain: number[] = [];
      await b.subscribe(ch1, (m) => one.push(m[0]));
      await b.subscribe(ch1, (m) => oneAgain.push(m[0]));
      await b.subscribe(ch2, (m) => two.push(m[0]));
      for (let i = 0; i < 20; i++) await a.publish(ch1, new Uint8Array([i]));
      await a.publish(ch2, new Uint8Array([99]));
      await expect.poll(() => one.length + oneAgain.length + two.length).toBe(41);
      expect(one).toEqual([...Array(20).keys()]);
      expect(oneAgain).toEqual(one);
      expect(two).toEqual([99]);
    });

    it('stops delivering after unsubscribe, other subscriptions unaffected', async () => {
      const [a, b] = await pair();
      const ch = channel();
      const first: number[] = [];
      const unsubscribe = await b.subscribe(ch, (m) => first.push(m[0]));
      const lastSeen = nextMessage(b, ch);
      await a.publish(ch, new Uint8Array([1]));
      await expect.poll(() => first).toEqual([1]);
      await lastSeen;
      await unsubscribe();
      const stillThere: number[] = [];
      await b.subscribe(ch, (m) => stillThere.push(m[0]));
      await a.publish(ch, new Uint8Array([2]));
      await expect.poll(() => stillThere).toEqual([2]);
      expect(first).toEqual([1]);
    });

    it('answers ping while open', async () => {
      const [a, b] = await pair();
      await expect(a.ping()).resolves.toBeUndefined();
      await expect(b.ping()).resolves.toBeUndefined();
    });
  });
}

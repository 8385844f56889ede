import { describe, expect, it } from 'vitest';
import { MemoryHub, MemoryPubSub } from '../../platform/bus/memory-pubsub.ts';
import { RoomBroadcaster } from './room-broadcaster.ts';

type Emitted = { room: string; event: string; payload: unknown };

function instance(bus: MemoryPubSub) {
  const emitted: Emitted[] = [];
  const errors: unknown[] = [];
  let recovered = 0;
  const rooms = new RoomBroadcaster(
    bus,
    { emitLocal: (room, event, payload) => emitted.push({ room, event, payload }) },
    (err) => errors.push(err),
    () => recovered++,
  );
  return { rooms, emitted, errors, recovered: () => recovered };
}

describe('RoomBroadcaster', () => {
  it('emits once on every instance: at once on the sender, over the bus on the others', async () => {
    const hub = new MemoryHub();
    const a = instance(new MemoryPubSub(hub));
    const b = instance(new MemoryPubSub(hub));
    await Promise.all([a.rooms.start(), b.rooms.start()]);
    a.rooms.toPlan('p1', 'plan:status', { planId: 'p1' } as never);
    expect(a.emitted).toHaveLength(1);
    await expect.poll(() => b.emitted.length).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(a.emitted).toHaveLength(1);
    expect(b.emitted[0]).toMatchObject({ room: 'plan:p1', event: 'plan:status' });
  });

  it('keeps what it could not send during an outage and sends it on recovery; the recovered instance asks its clients to catch up', async () => {
    const hub = new MemoryHub();
    const busA = new MemoryPubSub(hub);
    const busB = new MemoryPubSub(hub);
    const a = instance(busA);
    const b = instance(busB);
    await Promise.all([a.rooms.start(), b.rooms.start()]);
    busA.setHealthy(false);
    a.rooms.toUser('u1', 'notification:new', { id: 'n1' } as never);
    a.rooms.toStaff('checks:city-changed', { planId: 'p' });
    expect(a.emitted).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(b.emitted).toHaveLength(0);
    expect(a.rooms.pending).toBe(2);
    busA.setHealthy(true);
    await expect.poll(() => b.emitted.map((e) => e.event)).toEqual(['notification:new', 'checks:city-changed']);
    expect(a.rooms.pending).toBe(0);
    expect(a.recovered()).toBe(1);
    expect(b.recovered()).toBe(0);
    expect(a.errors).toEqual([]);
  });
});

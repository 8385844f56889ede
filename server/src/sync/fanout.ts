import * as Y from 'yjs';
import type { PubSub } from '../platform/bus/pubsub.ts';
import { BusKind, channelOf, decodeBusMessage, encodeBusMessage, type BusMessage } from './bus-messages.ts';
import { PUBSUB_ORIGIN } from './origin.ts';
import { isEmptyUpdate } from './protocol.ts';
import type { SyncLogger } from './logger.ts';
import type { SyncCounters } from './metrics.ts';

/** Timing of anti-entropy and rescue. */
export interface FanoutOptions {
  /** Anti-entropy round per loaded document at this interval (also on load and on a sequence gap). */
  antiEntropyMs: number;
  /** Save a peer's update ourselves when the peer has not confirmed saving it after this long. */
  rescueAfterMs: number;
}

/** Anti-entropy every ~30 s per loaded document; rescue after 5 s without confirmation. */
export const DEFAULT_FANOUT: FanoutOptions = { antiEntropyMs: 30_000, rescueAfterMs: 5_000 };

/** What the fan-out of one document needs from its room. */
export interface FanoutHost {
  readonly docId: string;
  readonly doc: Y.Doc;
  /** False while the document is loading: queries are not answered from a partial document. */
  isReady(): boolean;
  /** Awareness states of this instance's own connections, encoded; null when there are none. */
  localAwareness(): Uint8Array | null;
  /** Applies and forwards awareness that arrived from another instance. */
  applyRemoteAwareness(update: Uint8Array): void;
  /** Saves an update of a peer that never confirmed saving it. */
  rescue(update: Uint8Array): void;
}

interface Unconfirmed {
  seq: number;
  update: Uint8Array;
  at: number;
}

/** True when `mine` has structs that `theirs` lacks. */
function hasMore(mine: Map<number, number>, theirs: Map<number, number>): boolean {
  for (const [client, clock] of mine) if (clock > (theirs.get(client) ?? 0)) return true;
  return false;
}

/**
 * Fan-out of one document between server instances over the bus (message formats: bus-messages.ts).
 * Subscribed before the document loads, so nothing published meanwhile is missed; anti-entropy by
 * state vectors (on load, on a sequence gap, and periodically) repairs whatever the bus dropped.
 * Updates from the bus are applied with the pubsub origin and therefore never published again.
 */
export class Fanout {
  private unsubscribe: (() => Promise<void>) | null = null;
  private seq = 0;
  private readonly lastSeen = new Map<string, number>();
  private readonly unconfirmed = new Map<string, Unconfirmed[]>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private nextRound = 0;
  private queryQueued = false;
  private readonly channel: string;

  constructor(
    private readonly host: FanoutHost,
    private readonly bus: PubSub,
    /** Unique per room incarnation, so a reloaded document starts a fresh sequence. */
    private readonly sender: string,
    private readonly opts: FanoutOptions,
    private readonly counters: SyncCounters,
    private readonly log: SyncLogger,
  ) {
    this.channel = channelOf(host.docId);
  }

  async start(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(this.channel, (m) => this.onMessage(m));
    this.nextRound = Date.now() + this.opts.antiEntropyMs * (0.5 + Math.random());
    const tick = Math.min(1000, this.opts.rescueAfterMs, this.opts.antiEntropyMs);
    this.timer = setInterval(() => this.tick(), tick);
    this.timer.unref?.();
  }

  /** Publishes an update of local origin; returns its sequence number. */
  publishUpdate(update: Uint8Array): number {
    const seq = ++this.seq;
    this.send(encodeBusMessage(BusKind.UPDATE, this.sender, seq, update));
    return seq;
  }

  publishAwareness(update: Uint8Array): void {
    this.send(encodeBusMessage(BusKind.AWARENESS, this.sender, 0, update));
  }

  /** Tells peers that this instance's updates up to `seq` are committed. */
  announceSaved(seq: number): void {
    this.send(encodeBusMessage(BusKind.SAVED, this.sender, seq));
  }

  /** Starts an anti-entropy round: peers answer with what this instance lacks. */
  query(): void {
    this.counters.antiEntropyRounds++;
    this.send(encodeBusMessage(BusKind.QUERY, this.sender, 0, Y.encodeStateVector(this.host.doc)));
  }

  /** Unsubscribes; returns peers' updates still unconfirmed (the room saves them). */
  async stop(): Promise<Uint8Array[]> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    await unsubscribe?.().catch(() => {});
    const rest = [...this.unconfirmed.values()].flat().map((u) => u.update);
    this.unconfirmed.clear();
    return rest;
  }

  private send(message: Uint8Array) {
    this.counters.busPublished++;
    this.bus.publish(this.channel, message).catch((err) => {
      this.counters.busPublishFailures++;
      this.log.warn({ err, docId: this.host.docId }, 'sync: publishing to the bus failed; anti-entropy will repair');
    });
  }

  private scheduleQuery() {
    if (this.queryQueued) return;
    this.queryQueued = true;
    setTimeout(() => {
      this.queryQueued = false;
      if (this.unsubscribe) this.query();
    }, 20).unref?.();
  }

  private onMessage(bytes: Uint8Array) {
    let m: BusMessage;
    try {
      m = decodeBusMessage(bytes);
    } catch (err) {
      this.log.warn({ err, docId: this.host.docId }, 'sync: ignoring a malformed bus message');
      return;
    }
    if (m.sender === this.sender) return; // our own message, echoed by the bus
    this.counters.busReceived++;
    try {
      this.handle(m);
    } catch (err) {
      this.log.warn({ err, docId: this.host.docId, kind: m.kind }, 'sync: bus message could not be applied');
    }
  }

  private handle(m: BusMessage) {
    const doc = this.host.doc;
    switch (m.kind) {
      case BusKind.UPDATE: {
        const last = this.lastSeen.get(m.sender);
        if (last !== undefined && m.seq > last + 1) {
          this.counters.busGaps++;
          this.scheduleQuery();
        }
        this.lastSeen.set(m.sender, m.seq);
        let list = this.unconfirmed.get(m.sender);
        if (!list) this.unconfirmed.set(m.sender, (list = []));
        list.push({ seq: m.seq, update: m.a.slice(), at: Date.now() });
        Y.applyUpdate(doc, m.a, PUBSUB_ORIGIN);
        return;
      }
      case BusKind.SAVED: {
        const list = this.unconfirmed.get(m.sender);
        if (!list) return;
        const rest = list.filter((u) => u.seq > m.seq);
        if (rest.length) this.unconfirmed.set(m.sender, rest);
        else this.unconfirmed.delete(m.sender);
        return;
      }
      case BusKind.AWARENESS:
        this.host.applyRemoteAwareness(m.a);
        return;
      case BusKind.QUERY: {
        if (!this.host.isReady()) return;
        const diff = Y.encodeStateAsUpdate(doc, m.a);
        this.send(encodeBusMessage(BusKind.REPLY, this.sender, 0, diff, Y.encodeStateVector(doc)));
        const awareness = this.host.localAwareness();
        if (awareness) this.publishAwareness(awareness);
        return;
      }
      case BusKind.REPLY: {
        if (!isEmptyUpdate(m.a)) Y.applyUpdate(doc, m.a, PUBSUB_ORIGIN);
        if (!this.host.isReady()) return;
        // Two-way: if the replier lacks structs we have, push them (as a reply, which ends there).
        const theirs = Y.decodeStateVector(m.b);
        if (hasMore(Y.decodeStateVector(Y.encodeStateVector(doc)), theirs)) {
          this.send(encodeBusMessage(BusKind.REPLY, this.sender, 0, Y.encodeStateAsUpdate(doc, m.b), Y.encodeStateVector(doc)));
        }
        return;
      }
    }
  }

  private tick() {
    const now = Date.now();
    for (const [sender, list] of this.unconfirmed) {
      const old = list.filter((u) => now - u.at >= this.opts.rescueAfterMs);
      if (!old.length) continue;
      for (const u of old) this.host.rescue(u.update);
      this.counters.rescuedUpdates += old.length;
      const rest = list.filter((u) => now - u.at < this.opts.rescueAfterMs);
      if (rest.length) this.unconfirmed.set(sender, rest);
      else this.unconfirmed.delete(sender);
      this.log.warn({ docId: this.host.docId, sender, updates: old.length }, 'sync: peer never confirmed saving; saved here');
    }
    if (now >= this.nextRound && this.host.isReady()) {
      this.nextRound = now + this.opts.antiEntropyMs * (0.75 + Math.random() / 2);
      this.query();
    }
  }
}

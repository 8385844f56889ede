import type { DocAccessLevel } from '@planner/shared';
import type { PubSub } from '../../platform/bus/pubsub.ts';

/**
 * Access changes that every instance must apply to its open connections (Yjs websockets and socket.io):
 * a member removed or downgraded, a session ended, a token revoked. Published on the bus channel
 * {@link ACCESS_CHANNEL} as JSON; every instance (the publisher included) applies what it hears.
 */
export const ACCESS_CHANNEL = 'access';

export type AccessEvent =
  /** The user's access to one plan is now `access` (`none`: removed). */
  | { type: 'plan-access'; planId: string; userId: string; access: DocAccessLevel }
  /** Connections authenticated by this session or token must end (`all`: every one of the user's). */
  | { type: 'credentials-revoked'; userId: string; sessionIds?: string[]; tokenId?: string; all?: boolean };

export type AccessListener = (e: AccessEvent) => void | Promise<void>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Publishes access changes and hands the ones heard on the bus to local listeners. */
export class Revocations {
  private readonly listeners = new Set<AccessListener>();
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly bus: PubSub,
    private readonly onError: (err: unknown) => void,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(ACCESS_CHANNEL, (bytes) => {
      let event: AccessEvent;
      try {
        event = JSON.parse(decoder.decode(bytes)) as AccessEvent;
      } catch (err) {
        this.onError(err);
        return;
      }
      for (const fn of this.listeners) {
        Promise.resolve()
          .then(() => fn(event))
          .catch(this.onError);
      }
    });
  }

  on(fn: AccessListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  publish(e: AccessEvent): Promise<void> {
    return this.bus.publish(ACCESS_CHANNEL, encoder.encode(JSON.stringify(e)));
  }

  async stop(): Promise<void> {
    this.listeners.clear();
    await this.unsubscribe?.();
  }
}

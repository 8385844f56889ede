import type { Approval, PlanStatus, PlanTransition } from '@planner/shared';

/**
 * The domain events of the app, by name: emitted after the commit of the use-case that caused them.
 * Who reacts to which is listed in one file, `modules/subscribers.ts`.
 */
export interface DomainEventMap {
  /** A plan moved along its lifecycle; `approval` is the decision recorded with it (approve, request-changes). */
  'plan.transitioned': {
    planId: string;
    transition: PlanTransition;
    from: PlanStatus;
    to: PlanStatus;
    actorId: string;
    note: string | null;
    at: string;
    approval: Approval | null;
  };
  /** Staff approved the current schedule of an approved or published plan again. */
  'approval.renewed': { planId: string; actorId: string; approval: Approval };
  /** The stored staleness of a plan's binding approval changed (on this instance's write). */
  'approval.staleChanged': { planId: string; approvalId: number; stale: boolean; currentHash: string };
  /** Staff cancelled one public entry of a published plan (publication/). */
  'publication.entryCancelled': { planId: string; entryId: string; title: string; reason: string; actorId: string };
}

export type DomainEventName = keyof DomainEventMap;
export type DomainEventHandler<K extends DomainEventName> = (payload: DomainEventMap[K]) => void | Promise<void>;

/** What happens to a subscriber's failure: the use-case has committed, so it is reported, never swallowed. */
export type SubscriberErrorHandler = (err: unknown, event: DomainEventName, subscriber: string) => void;

/**
 * A small typed emitter. `emit` runs every subscriber of the event (in registration order, each
 * awaited) and reports each failure with the subscriber's name; one failing subscriber does not keep
 * the others from running.
 */
export class DomainEvents {
  private readonly handlers = new Map<DomainEventName, { name: string; fn: DomainEventHandler<never> }[]>();

  constructor(private readonly onError: SubscriberErrorHandler) {}

  /** Subscribes under a name (used in error reports); returns the unsubscribe function. */
  on<K extends DomainEventName>(event: K, name: string, fn: DomainEventHandler<K>): () => void {
    const list = this.handlers.get(event) ?? [];
    const entry = { name, fn: fn as DomainEventHandler<never> };
    list.push(entry);
    this.handlers.set(event, list);
    return () => {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** Runs the event's subscribers; resolves when all are done. Returns how many failed. */
  async emit<K extends DomainEventName>(event: K, payload: DomainEventMap[K]): Promise<number> {
    let failed = 0;
    for (const h of [...(this.handlers.get(event) ?? [])]) {
      try {
        await (h.fn as DomainEventHandler<K>)(payload);
      } catch (err) {
        failed++;
        this.onError(err, event, h.name);
      }
    }
    return failed;
  }
}

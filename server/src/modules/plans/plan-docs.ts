import type { Queryable } from '../../platform/db/database.ts';
import { planExists } from './repo.ts';

/** How many documents' answers are kept (the oldest answer goes first). */
const KEPT = 10_000;

/**
 * Which live documents are plans. The modules that react to every applied edit (checks, consent,
 * "geändert") ask first, so that a document that is not a plan costs one query in all, not one per
 * edit and module (issue 19: in S2's 400 documents these queries were most of the server's statements).
 *
 * Both answers may be kept: a plan's id is made by the server (a random UUID) before its document
 * exists, so a document that is not a plan never becomes one; a plan that is purged later is found
 * gone by the query that follows. A failed question is not kept.
 */
export class PlanDocs {
  private readonly answers = new Map<string, Promise<boolean>>();

  constructor(
    private readonly db: Queryable,
    private readonly kept = KEPT,
  ) {}

  isPlan(docId: string): Promise<boolean> {
    const known = this.answers.get(docId);
    if (known !== undefined) return known;
    const asked = planExists(this.db, docId);
    this.answers.set(docId, asked);
    asked.catch(() => {
      if (this.answers.get(docId) === asked) this.answers.delete(docId);
    });
    if (this.answers.size > this.kept) this.answers.delete(this.answers.keys().next().value as string);
    return asked;
  }

  /** Asks the database again next time (a plan deleted for good). */
  forget(docId: string): void {
    this.answers.delete(docId);
  }

  get size(): number {
    return this.answers.size;
  }
}

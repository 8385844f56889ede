import { consentHash, scheduleHash, type PlanDocJSON } from '@planner/shared/plan/index';
import type { Consent, ConsentBody, ConsentState } from '@planner/shared';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../activity/audit.ts';
import { lockPlanStatus } from '../plans/repo.ts';
import { assertConsentSeen, consentSnapshot } from '../review/bound.ts';
import type { DocReader } from '../review/docs.ts';
import { consentTerms, insertConsent, latestConsent } from './repo.ts';

/** Plans the owner may agree or object to. */
const CONSENT_STATUSES = new Set(['submitted', 'approved', 'published']);

/**
 * Publishing needs the owner's current agreement where the storefront requires it: returns what to
 * record in the transition's audit entry (`consentOverridden` when staff gave a reason instead), or
 * throws 409 `consent.missing`. "Current" is computed from the live document, not the stored flag.
 */
export async function assertConsentForPublish(
  db: Queryable,
  planId: string,
  live: PlanDocJSON,
  override: string | undefined,
): Promise<Record<string, string>> {
  const terms = await consentTerms(db, planId);
  if (!terms?.required) return {};
  const latest = await latestConsent(db, planId);
  if (latest?.decision === 'agreed' && latest.consentHash === consentHash(live)) return {};
  if (override?.trim()) return { consentOverridden: override.trim() };
  throw new AppError('CONFLICT', 'consent.missing', undefined, undefined, {
    consent: latest ? { decision: latest.decision, stale: latest.consentHash !== consentHash(live) } : null,
  });
}

/** The owner's consent to plans: reading it, and giving it bound to what the owner saw. */
export class ConsentService {
  constructor(
    private readonly db: Database,
    private readonly docs: DocReader,
  ) {}

  async state(planId: string): Promise<ConsentState> {
    const terms = await consentTerms(this.db, planId);
    if (!terms) throw new AppError('NOT_FOUND', 'plan.notFound');
    const live = (await this.docs.live(planId)).json;
    const current = await latestConsent(this.db, planId);
    const hash = consentHash(live);
    const stale = !!current && current.consentHash !== hash;
    return {
      planId,
      required: terms.required,
      current,
      stale,
      consentHash: hash,
      scheduleHash: scheduleHash(live.schedule),
      satisfied: !terms.required || (current?.decision === 'agreed' && !stale),
    };
  }

  /** The storefront's owner agrees or objects, bound to the hash they saw (409 `schedule-changed` when it moved). */
  async give(planId: string, actorId: string, body: ConsentBody, ip: string | null): Promise<Consent> {
    const terms = await consentTerms(this.db, planId);
    if (!terms) throw new AppError('NOT_FOUND', 'plan.notFound');
    if (terms.ownerId !== actorId) throw new AppError('FORBIDDEN', 'consent.notOwner');
    const live = (await this.docs.live(planId)).json;
    return this.db.transaction(async (tx) => {
      const status = await lockPlanStatus(tx, planId);
      if (!status) throw new AppError('NOT_FOUND', 'plan.notFound');
      if (!CONSENT_STATUSES.has(status)) throw new AppError('INVALID_TRANSITION', 'consent.notAllowed', { status });
      await assertConsentSeen(tx, planId, body.consentHash, live);
      const text = body.text?.trim() ?? '';
      const consent = await insertConsent(tx, {
        planId,
        decision: body.decision,
        text,
        actorId,
        consentHash: body.consentHash,
        plan: consentSnapshot(live),
      });
      await audit(tx, {
        actorId,
        action: 'consent.given',
        subjectType: 'plan',
        subjectId: planId,
        planId,
        details: { decision: body.decision, text, consentHash: body.consentHash },
        ip,
      });
      return consent;
    });
  }
}

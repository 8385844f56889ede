/**
 * Route contracts of shortlist, owner agreement, decision, decision mails and the checklist template of
 * open calls (issue 16). Staff shortlist; the owner of each storefront a shortlisted application ranks
 * sees the concept (no scores, no jury comments) and answers "einverstanden" or "Einwände"; staff select
 * (a draft plan is created once), decline or waitlist; decision mails go out in bulk through the Mailer.
 */
import { z } from 'zod';
import { StorableString } from './common.ts';
import { defineRoute } from './contract.ts';
import { CallKey, JuryCallParams } from './jury.ts';

export const DECISIONS = ['selected', 'declined', 'waitlisted'] as const;
export type Decision = (typeof DECISIONS)[number];
export const MAIL_LOCALES = ['de', 'en'] as const;
/** The placeholders of a decision mail. */
export const MAIL_PLACEHOLDERS = ['name', 'call', 'storefront', 'plan_link'] as const;

/** The body of an action without input (none, or `{}`). */
export const SelectionActionBody = z.object({}).strict().nullish();

export const SelectionApplicationParams = z.object({ callId: CallKey, applicationId: CallKey });
export const ShortlistAnswerParams = z.object({ applicationId: CallKey, storefrontId: CallKey });
export const ShortlistStorefrontParams = z.object({ storefrontId: CallKey });
export const MailTemplateParams = z.object({ callId: CallKey, kind: z.enum(DECISIONS), locale: z.enum(MAIL_LOCALES) });

/** `POST …/decide`. Selecting against an owner's objection needs `acknowledgeObjection: true`. */
export const DecideBody = z
  .object({
    decision: z.enum(DECISIONS),
    /** The plan's storefront (selection only): by default the application's first-ranked one of the call. */
    storefrontId: CallKey.optional(),
    acknowledgeObjection: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'DecideBody' });
export type DecideBody = z.input<typeof DecideBody>;

export const OwnerAnswerBody = z
  .object({ answer: z.enum(['agree', 'object']), text: StorableString().max(2000).default('') })
  .strict()
  .superRefine((b, ctx) => {
    if (b.answer === 'object' && !b.text.trim()) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'an objection needs a reason', params: { key: 'field.required' } });
    }
  })
  .meta({ id: 'OwnerAnswerBody' });
export type OwnerAnswerBody = z.input<typeof OwnerAnswerBody>;

export const OwnerAnswer = z.object({
  storefrontId: z.string(),
  storefrontTitle: z.string(),
  answer: z.enum(['agree', 'object']).nullable(),
  text: z.string(),
  answeredAt: z.string().nullable(),
});

/** An application on the staff's decision board. */
export const DecisionRow = z.object({
  applicationId: z.string(),
  title: z.string(),
  applicantName: z.string().nullable(),
  status: z.string(),
  locale: z.string(),
  planId: z.string().nullable(),
  storefronts: z.array(z.object({ id: z.string(), title: z.string(), rank: z.number().int() })),
  ownerAnswers: z.array(OwnerAnswer),
});
export type DecisionRow = z.infer<typeof DecisionRow>;
export const DecisionBoard = z.object({
  call: z.object({ id: z.string(), title: z.string(), status: z.string() }),
  items: z.array(DecisionRow),
});
export type DecisionBoard = z.infer<typeof DecisionBoard>;

export const DecideResult = z.object({ applicationId: z.string(), status: z.string(), planId: z.string().nullable() });

/** A shortlisted concept as the owner of one of its storefronts sees it: no scores, no jury comments, no contacts. */
export const ShortlistItem = z.object({
  applicationId: z.string(),
  callId: z.string(),
  callTitle: z.string(),
  storefrontId: z.string(),
  storefrontTitle: z.string(),
  concept: z.string(),
  formats: z.array(z.string()),
  needs: z.array(z.string()),
  needsNote: z.string(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  answer: z.enum(['agree', 'object']).nullable(),
  text: z.string(),
  answeredAt: z.string().nullable(),
});
export type ShortlistItem = z.infer<typeof ShortlistItem>;
export const ShortlistList = z.object({ items: z.array(ShortlistItem) });

export const MailTemplate = z.object({
  kind: z.enum(DECISIONS),
  locale: z.enum(MAIL_LOCALES),
  subject: z.string(),
  body: z.string(),
});
export type MailTemplate = z.infer<typeof MailTemplate>;
export const MailTemplateBody = z
  .object({ subject: StorableString().trim().min(1).max(200), body: StorableString().trim().min(1).max(10_000) })
  .strict()
  .meta({ id: 'MailTemplateBody' });
export const MailPreviewQuery = z.object({ kind: z.enum(DECISIONS), applicationId: CallKey });
export const MailPreview = z.object({ to: z.string(), locale: z.enum(MAIL_LOCALES), subject: z.string(), text: z.string() });
export type MailPreview = z.infer<typeof MailPreview>;

/** `POST …/mail-sends`: send the decision mails of these kinds to every decided application not yet mailed that kind. */
export const MailSendBody = z.object({ kinds: z.array(z.enum(DECISIONS)).min(1).max(3) }).strict();
export const MailSendRow = z.object({
  id: z.string(),
  applicationId: z.string(),
  title: z.string(),
  kind: z.enum(DECISIONS),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
});
export const MailSendProgress = z.object({
  items: z.array(MailSendRow),
  counts: z.object({ pending: z.number().int(), sent: z.number().int(), failed: z.number().int() }),
});
export type MailSendProgress = z.infer<typeof MailSendProgress>;

export const ChecklistItem = z.object({
  id: z.string(),
  title: z.string(),
  daysBefore: z.number().int().nullable(),
  position: z.number().int(),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;
export const ChecklistBody = z
  .object({
    items: z
      .array(
        z
          .object({
            id: CallKey.optional(),
            title: StorableString().trim().min(1).max(200),
            daysBefore: z.number().int().min(0).max(365).nullable(),
          })
          .strict(),
      )
      .max(100),
  })
  .strict()
  .meta({ id: 'ChecklistBody' });
export const Checklist = z.object({ items: z.array(ChecklistItem) });
export type Checklist = z.infer<typeof Checklist>;

const tags = ['selection'];
export const selectionRoutes = {
  board: defineRoute({
    method: 'GET',
    path: '/api/selection/calls/:callId',
    summary: 'Staff: the call’s applications with status, ranked storefronts and the owners’ answers',
    tags,
    params: JuryCallParams,
    response: { 200: DecisionBoard },
  }),
  shortlist: defineRoute({
    method: 'POST',
    path: '/api/selection/calls/:callId/applications/:applicationId/shortlist',
    summary: 'Staff: shortlist an application (its storefronts’ owners are told)',
    tags,
    params: SelectionApplicationParams,
    body: SelectionActionBody,
    response: { 200: DecideResult },
  }),
  decide: defineRoute({
    method: 'POST',
    path: '/api/selection/calls/:callId/applications/:applicationId/decide',
    summary: 'Staff: select (creates the draft plan once), decline or waitlist',
    tags,
    params: SelectionApplicationParams,
    body: DecideBody,
    response: { 200: DecideResult },
  }),
  ownShortlist: defineRoute({
    method: 'GET',
    path: '/api/shortlist',
    summary: 'The shortlisted concepts for the asker’s own storefronts (no scores)',
    tags,
    response: { 200: ShortlistList },
  }),
  storefrontShortlist: defineRoute({
    method: 'GET',
    path: '/api/shortlist/storefronts/:storefrontId',
    summary: 'The shortlisted concepts for one storefront (its owner, staff)',
    tags,
    params: ShortlistStorefrontParams,
    response: { 200: ShortlistList },
  }),
  answer: defineRoute({
    method: 'PUT',
    path: '/api/shortlist/applications/:applicationId/storefronts/:storefrontId',
    summary: 'The owner answers "einverstanden" or "Einwände" to a shortlisted concept',
    tags,
    params: ShortlistAnswerParams,
    body: OwnerAnswerBody,
    response: { 200: ShortlistItem },
  }),
  templates: defineRoute({
    method: 'GET',
    path: '/api/selection/calls/:callId/mail-templates',
    summary: 'Staff: the call’s decision mail templates (defaults seeded on first use)',
    tags,
    params: JuryCallParams,
    response: { 200: z.object({ items: z.array(MailTemplate) }) },
  }),
  saveTemplate: defineRoute({
    method: 'PUT',
    path: '/api/selection/calls/:callId/mail-templates/:kind/:locale',
    summary: 'Staff: change a decision mail template',
    tags,
    params: MailTemplateParams,
    body: MailTemplateBody,
    response: { 200: MailTemplate },
  }),
  preview: defineRoute({
    method: 'GET',
    path: '/api/selection/calls/:callId/mail-preview',
    summary: 'Staff: a decision mail rendered for one real application',
    tags,
    params: JuryCallParams,
    query: MailPreviewQuery,
    response: { 200: MailPreview },
  }),
  send: defineRoute({
    method: 'POST',
    path: '/api/selection/calls/:callId/mail-sends',
    summary: 'Staff: send the decision mails (one per application and kind, never twice)',
    tags,
    params: JuryCallParams,
    body: MailSendBody,
    response: { 202: MailSendProgress },
  }),
  sends: defineRoute({
    method: 'GET',
    path: '/api/selection/calls/:callId/mail-sends',
    summary: 'Staff: the progress of the call’s decision mails',
    tags,
    params: JuryCallParams,
    response: { 200: MailSendProgress },
  }),
  retry: defineRoute({
    method: 'POST',
    path: '/api/selection/calls/:callId/mail-sends/retry',
    summary: 'Staff: send the failed decision mails again',
    tags,
    params: JuryCallParams,
    body: SelectionActionBody,
    response: { 202: MailSendProgress },
  }),
  checklist: defineRoute({
    method: 'GET',
    path: '/api/checklist-template',
    summary: 'Staff: the tasks a selected application’s plan starts with',
    tags,
    response: { 200: Checklist },
  }),
  saveChecklist: defineRoute({
    method: 'PUT',
    path: '/api/checklist-template',
    summary: 'Staff: replace the checklist template',
    tags,
    body: ChecklistBody,
    response: { 200: Checklist },
  }),
} as const;

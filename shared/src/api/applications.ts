/**
 * Route contracts of applications to open calls (issue 16, "Bewerbung"): the form of a published call,
 * drafts that save themselves (PATCH), co-applicants invited by e-mail, submission with a receipt mail,
 * withdrawal and deletion before the decision, and "Meine Bewerbungen".
 *
 * The application is editable while its call is published and its deadline (server clock) has not
 * passed; afterwards every change is a 409 `application.locked`. Scores are never part of these answers.
 */
import { z } from 'zod';
import { emailSchema, nameSchema, passwordSchema, publicUser } from './auth.ts';
import { DateOnly, Text, storable } from './common.ts';
import { defineRoute } from './contract.ts';

/** Planned formats of an application (the order the form shows them). */
export const APPLICATION_FORMATS = ['exhibition', 'workshop', 'performance', 'open-studio', 'talk', 'other'] as const;
export type ApplicationFormat = (typeof APPLICATION_FORMATS)[number];

/** Needs an application may name (plus a free note). */
export const APPLICATION_NEEDS = ['power', 'water', 'darkness', 'heating', 'internet', 'step-free', 'storage'] as const;
export type ApplicationNeed = (typeof APPLICATION_NEEDS)[number];

export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'withdrawn',
  'shortlisted',
  'selected',
  'declined',
  'waitlisted',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Limits checked at the edge. */
export const APPLICATION_LIMITS = {
  concept: 20_000,
  disciplines: 12,
  storefronts: 10,
  links: 10,
  members: 8,
} as const;

/** An http(s) URL and nothing else (no `javascript:`, `data:` …): the scheme is checked on the parsed URL. */
export const PortfolioUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
      } catch {
        return false;
      }
    },
    { message: 'must be an http:// or https:// address', params: { key: 'application.linkScheme' } },
  );

export const PortfolioLink = z.object({ url: PortfolioUrl, label: storable(z.string().trim().max(200)).default('') }).strict();
export type PortfolioLink = z.infer<typeof PortfolioLink>;

/** A preferred storefront of the call and its rank (1 = first choice). */
export const RankedStorefront = z
  .object({ storefrontId: z.string().min(1).max(100), rank: z.number().int().min(1).max(APPLICATION_LIMITS.storefronts) })
  .strict();

const Storefronts = z
  .array(RankedStorefront)
  .max(APPLICATION_LIMITS.storefronts)
  .superRefine((list, ctx) => {
    const ranks = new Set<number>();
    const ids = new Set<string>();
    list.forEach((s, i) => {
      if (ranks.has(s.rank))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'rank'],
          message: 'rank used twice',
          params: { key: 'application.rankDuplicate' },
        });
      if (ids.has(s.storefrontId))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'storefrontId'],
          message: 'storefront named twice',
          params: { key: 'application.storefrontDuplicate' },
        });
      ranks.add(s.rank);
      ids.add(s.storefrontId);
    });
  });

const Word = () => storable(z.string().trim().min(1).max(80));

/** The fields of an application a PATCH may change (each optional; `consent: true` stores the call's privacy text). */
export const ApplicationPatch = z
  .object({
    concept: Text(APPLICATION_LIMITS.concept).optional(),
    disciplines: z.array(Word()).max(APPLICATION_LIMITS.disciplines).optional(),
    storefronts: Storefronts.optional(),
    periodStart: DateOnly.nullable().optional(),
    periodEnd: DateOnly.nullable().optional(),
    formats: z.array(z.enum(APPLICATION_FORMATS)).max(APPLICATION_FORMATS.length).optional(),
    expectedAudience: Text(2000).optional(),
    needs: z.array(z.enum(APPLICATION_NEEDS)).max(APPLICATION_NEEDS.length).optional(),
    needsNote: Text(2000).optional(),
    portfolioLinks: z.array(PortfolioLink).max(APPLICATION_LIMITS.links).optional(),
    locale: z.enum(['de', 'en']).optional(),
    consent: z.boolean().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.periodStart && p.periodEnd && p.periodEnd < p.periodStart)
      ctx.addIssue({
        code: 'custom',
        path: ['periodEnd'],
        message: 'ends before it starts',
        params: { key: 'application.periodOrder' },
      });
  })
  .meta({ id: 'ApplicationPatch' });
export type ApplicationPatch = z.infer<typeof ApplicationPatch>;

/** A new account made inside the form (role applicant; the address must be verified before submitting). */
export const ApplicantAccount = z
  .object({ name: nameSchema, email: emailSchema, password: passwordSchema, locale: z.enum(['de', 'en']).optional() })
  .strict();

/** `POST /api/application-forms/:slug`: starts the draft; without a session `account` creates one. */
export const CreateApplicationBody = z
  .object({ account: ApplicantAccount.optional(), draft: ApplicationPatch.optional() })
  .strict()
  .meta({ id: 'CreateApplicationBody' });
export type CreateApplicationBody = z.infer<typeof CreateApplicationBody>;

export const ApplicationMember = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  status: z.enum(['invited', 'confirmed', 'declined']),
});
export type ApplicationMember = z.infer<typeof ApplicationMember>;

/** An application as its applicants (and staff, jurors) read it. Never scores. */
export const Application = z
  .object({
    id: z.string(),
    callId: z.string(),
    callSlug: z.string(),
    callTitle: z.string(),
    deadline: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    /** No change is possible any more (deadline passed, call not open, or withdrawn/decided). */
    locked: z.boolean(),
    /** The asker is the main applicant (else a co-applicant, staff or a juror). */
    main: z.boolean(),
    applicantName: z.string().nullable(),
    concept: z.string(),
    disciplines: z.array(z.string()),
    storefronts: z.array(z.object({ storefrontId: z.string(), rank: z.number() })),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    formats: z.array(z.string()),
    expectedAudience: z.string(),
    needs: z.array(z.string()),
    needsNote: z.string(),
    portfolioLinks: z.array(z.object({ url: z.string(), label: z.string() })),
    locale: z.enum(['de', 'en']),
    consentAt: z.string().nullable(),
    consentText: z.string().nullable(),
    members: z.array(ApplicationMember),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().nullable(),
    withdrawnAt: z.string().nullable(),
  })
  .meta({ id: 'Application' });
export type Application = z.infer<typeof Application>;

/** What the form needs of its call, and the asker's application to it (if any). */
export const ApplicationForm = z.object({
  call: z.object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    deadline: z.string(),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    disciplines: z.array(z.string()),
    privacyText: z.string(),
    /** Open for applications: published and before the deadline. */
    open: z.boolean(),
    storefronts: z.array(z.object({ id: z.string(), title: z.string(), address: z.string() })),
  }),
  application: Application.nullable(),
  /** The signed-in account must confirm its e-mail address before submitting. */
  needsVerification: z.boolean(),
});
export type ApplicationForm = z.infer<typeof ApplicationForm>;

export const CreateApplicationResponse = z.object({
  application: Application,
  /** A new account was made and signed in: the client adopts this session. */
  user: publicUser.nullable(),
  csrfToken: z.string().nullable(),
  needsVerification: z.boolean(),
});

export const MyApplication = z.object({
  id: z.string(),
  callSlug: z.string(),
  callTitle: z.string(),
  deadline: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  locked: z.boolean(),
  main: z.boolean(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
});
export type MyApplication = z.infer<typeof MyApplication>;

export const InviteCoApplicantBody = z
  .object({ email: emailSchema, name: storable(z.string().trim().max(120)).default('') })
  .strict()
  .meta({ id: 'InviteCoApplicantBody' });

export const CoApplicantInvitationInfo = z.object({
  email: z.string(),
  callTitle: z.string(),
  callSlug: z.string(),
  invitedBy: z.string(),
  accountExists: z.boolean(),
  status: z.enum(['invited', 'confirmed', 'declined']),
});

export const AcceptCoApplicantBody = z
  .object({ name: nameSchema.optional(), password: passwordSchema.optional(), locale: z.enum(['de', 'en']).optional() })
  .strict();

export const AcceptCoApplicantResponse = z.object({
  applicationId: z.string(),
  callSlug: z.string(),
  user: publicUser,
  created: z.boolean(),
  csrfToken: z.string(),
});

/** Actions without input: an empty object, or no body at all. */
const NoBody = z.object({}).strict().nullish();

/** `:slug` of an application form (the call's slug). */
export const ApplicationFormParams = z.object({ slug: storable(z.string().min(1).max(200)) });
const SlugParams = ApplicationFormParams;
/** Application ids are UUIDs the server gave. */
export const ApplicationParams = z.object({ applicationId: z.string().uuid() });
const TokenParams = z.object({ token: storable(z.string().min(16).max(200)) });

export const applicationRoutes = {
  form: defineRoute({
    method: 'GET',
    path: '/api/application-forms/:slug',
    summary: 'The application form of a published call, with the asker’s application to it',
    tags: ['applications'],
    params: SlugParams,
    response: { 200: ApplicationForm },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/application-forms/:slug',
    summary: 'Starts an application (a draft); without a session, creates an applicant account',
    tags: ['applications'],
    params: SlugParams,
    body: CreateApplicationBody,
    response: { 201: CreateApplicationResponse },
  }),
  mine: defineRoute({
    method: 'GET',
    path: '/api/applications',
    summary: '"Meine Bewerbungen": the asker’s applications (main or confirmed co-applicant) with status',
    tags: ['applications'],
    response: { 200: z.object({ items: z.array(MyApplication) }) },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/applications/:applicationId',
    summary: 'One application (its applicants, staff, the call’s jurors)',
    tags: ['applications'],
    params: ApplicationParams,
    response: { 200: Application },
  }),
  patch: defineRoute({
    method: 'PATCH',
    path: '/api/applications/:applicationId',
    summary: 'Saves fields of the application (autosave); 409 application.locked after the deadline',
    tags: ['applications'],
    params: ApplicationParams,
    body: ApplicationPatch,
    response: { 200: Application },
  }),
  submit: defineRoute({
    method: 'POST',
    path: '/api/applications/:applicationId/submit',
    summary: 'Submits the application (verified address, consent); a receipt mail with a copy follows',
    tags: ['applications'],
    params: ApplicationParams,
    body: NoBody,
    response: { 200: Application },
  }),
  withdraw: defineRoute({
    method: 'POST',
    path: '/api/applications/:applicationId/withdraw',
    summary: 'Withdraws the application (before the decision)',
    tags: ['applications'],
    params: ApplicationParams,
    body: NoBody,
    response: { 200: Application },
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/applications/:applicationId',
    summary: 'Deletes the application (before the decision)',
    tags: ['applications'],
    params: ApplicationParams,
    response: { 204: z.null() },
  }),
  invite: defineRoute({
    method: 'POST',
    path: '/api/applications/:applicationId/members',
    summary: 'Invites a co-applicant by e-mail',
    tags: ['applications'],
    params: ApplicationParams,
    body: InviteCoApplicantBody,
    response: { 201: Application },
  }),
  resendVerification: defineRoute({
    method: 'POST',
    path: '/api/applications/:applicationId/verification',
    summary: 'Mails the link that confirms the asker’s e-mail address again',
    tags: ['applications'],
    params: ApplicationParams,
    body: NoBody,
    response: { 202: z.null() },
  }),
  verify: defineRoute({
    method: 'POST',
    path: '/api/application-verifications/:token',
    summary: 'Confirms an applicant’s e-mail address with the mailed link',
    tags: ['applications'],
    params: TokenParams,
    body: NoBody,
    response: { 200: z.object({ verified: z.literal(true) }) },
  }),
  memberInfo: defineRoute({
    method: 'GET',
    path: '/api/application-invitations/:token',
    summary: 'What a co-applicant invitation offers (410 when answered or unknown)',
    tags: ['applications'],
    params: TokenParams,
    response: { 200: CoApplicantInvitationInfo },
  }),
  memberAccept: defineRoute({
    method: 'POST',
    path: '/api/application-invitations/:token/accept',
    summary: 'Joins the team (signs in or creates an account)',
    tags: ['applications'],
    params: TokenParams,
    body: AcceptCoApplicantBody.optional(),
    response: { 200: AcceptCoApplicantResponse },
  }),
  memberDecline: defineRoute({
    method: 'POST',
    path: '/api/application-invitations/:token/decline',
    summary: 'Declines joining the team',
    tags: ['applications'],
    params: TokenParams,
    body: NoBody,
    response: { 204: z.null() },
  }),
};

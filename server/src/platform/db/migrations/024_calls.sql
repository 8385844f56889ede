-- Open calls (issue 16; DESIGN.md §9): from a vacant storefront to a selected team.
--
--   storefront ─► exposé (owner consents per field group) ─► call (storefronts, period, criteria, deadline,
--   viewing slots, jurors) ─► applications (team, concept, ranked storefronts) ─► jury scores (per juror
--   and criterion; conflicts of interest) ─► shortlist ─► owner answers ─► select / decline / waitlist
--   ─► a selected application becomes a draft plan (applications.plan_id).
--
-- Times are instants (timestamptz); the deadline is entered and shown in Europe/Berlin. Personal data of
-- declined and withdrawn applications is anonymised after calls.retention_until (anonymised_at set; the
-- rows stay for the counts of the reports).

-- The two call roles (DESIGN.md §5): applicant (an account made inside an application form) and juror (an
-- external juror invited to a call). The relationship (juror of this call, applicant of this application)
-- decides the column of the matrix, never the role alone.
alter table users drop constraint users_roles_known;
alter table users add constraint users_roles_known
  check (roles <@ array['staff', 'owner', 'designer', 'applicant', 'juror']::text[]);

-- The exposé of a storefront: whether it is offered, and which field groups its owner made public. Each
-- group is a consent of the owner (who, when). Nothing outside these groups is ever public; the owner's
-- contacts and the notes of staff have no group.
create table storefront_exposes (
  storefront_id text primary key references storefronts (id) on delete cascade,
  offered boolean not null default false,
  -- floor_plan · dimensions (area, frontage) · equipment (power, water, toilet, heating) · access (step-free)
  -- · availability · conditions · photos (the storefront's public photos)
  public_groups text[] not null default '{}' check (
    public_groups <@ array['floor_plan', 'dimensions', 'equipment', 'access', 'availability', 'conditions', 'photos']::text[]
  ),
  -- {fee: 'none'|'amount', feeText, utilities, insurance, keyHandover}: texts the owner or staff write.
  conditions jsonb not null default '{}'::jsonb,
  intro text not null default '',
  consented_by text references users (id) on delete set null,
  consented_at timestamptz,
  updated_at timestamptz not null default now()
);
create index storefront_exposes_consented_by_idx on storefront_exposes (consented_by);

create table calls (
  id text primary key,
  slug text not null unique,
  title text not null,
  body text not null default '',
  disciplines text[] not null default '{}',
  period_start date,
  period_end date,
  deadline timestamptz not null,
  status text not null default 'draft' check (status in ('draft', 'published', 'closed', 'decided', 'cancelled')),
  -- Blind mode: jurors see neither names nor portfolios until their scores are in.
  blind boolean not null default false,
  -- The call's privacy text applicants consent to (shown in the form and stored with the consent).
  privacy_text text not null default '',
  cancel_reason text,
  created_by text references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  closed_at timestamptz,
  -- After this instant the personal data of declined and withdrawn applications is anonymised.
  retention_until timestamptz,
  check (period_end is null or period_start is null or period_end >= period_start)
);
create index calls_status_idx on calls (status, deadline);
create index calls_created_by_idx on calls (created_by);

create table call_storefronts (
  call_id text not null references calls (id) on delete cascade,
  storefront_id text not null references storefronts (id) on delete cascade,
  position integer not null default 0,
  primary key (call_id, storefront_id)
);
create index call_storefronts_storefront_idx on call_storefronts (storefront_id);

-- Criteria with weights (a weighted mean of the 0–5 scores ranks the applications).
create table call_criteria (
  id text primary key,
  call_id text not null references calls (id) on delete cascade,
  label text not null,
  description text not null default '',
  weight numeric not null default 1 check (weight > 0),
  position integer not null default 0
);
create index call_criteria_call_idx on call_criteria (call_id, position);

-- Viewing appointments (Besichtigungen) with a capacity; applicants book one.
create table call_viewings (
  id text primary key,
  call_id text not null references calls (id) on delete cascade,
  storefront_id text references storefronts (id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  capacity integer not null check (capacity > 0),
  note text not null default '',
  check (ends_at > starts_at)
);
create index call_viewings_call_idx on call_viewings (call_id, starts_at);

create table call_viewing_bookings (
  viewing_id text not null references call_viewings (id) on delete cascade,
  user_id text not null references users (id) on delete cascade,
  booked_at timestamptz not null default now(),
  primary key (viewing_id, user_id)
);
create index call_viewing_bookings_user_idx on call_viewing_bookings (user_id);

-- Jurors of a call: staff, or external accounts holding the juror role (invited through
-- call_juror_invitations), who see only the calls they are jurors of.
create table call_jurors (
  call_id text not null references calls (id) on delete cascade,
  user_id text not null references users (id) on delete cascade,
  added_by text references users (id) on delete set null,
  added_at timestamptz not null default now(),
  primary key (call_id, user_id)
);
create index call_jurors_user_idx on call_jurors (user_id);
create index call_jurors_added_by_idx on call_jurors (added_by);

create table call_juror_invitations (
  id text primary key,
  call_id text not null references calls (id) on delete cascade,
  email text not null,
  name text not null default '',
  token_hash text not null unique,
  expires_at timestamptz not null,
  accepted_by text references users (id) on delete set null,
  accepted_at timestamptz,
  created_by text references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index call_juror_invitations_call_idx on call_juror_invitations (call_id);
create index call_juror_invitations_accepted_by_idx on call_juror_invitations (accepted_by);
create index call_juror_invitations_created_by_idx on call_juror_invitations (created_by);

create table applications (
  id text primary key,
  call_id text not null references calls (id) on delete cascade,
  -- The main applicant (the lead of the plan a selection creates); null once anonymised or deleted.
  applicant_id text references users (id) on delete set null,
  status text not null default 'draft' check (
    status in ('draft', 'submitted', 'withdrawn', 'shortlisted', 'selected', 'declined', 'waitlisted')
  ),
  concept text not null default '',
  disciplines text[] not null default '{}',
  -- exhibition · workshop · performance · open-studio · talk · other
  formats text[] not null default '{}',
  expected_audience text not null default '',
  -- power · water · darkness · … (free keys) and a note
  needs text[] not null default '{}',
  needs_note text not null default '',
  period_start date,
  period_end date,
  -- [{url, label}]
  portfolio_links jsonb not null default '[]'::jsonb,
  -- The language of the applicant's mails ('de' | 'en').
  locale text not null default 'de',
  consent_at timestamptz,
  consent_text text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  withdrawn_at timestamptz,
  shortlisted_at timestamptz,
  decided_at timestamptz,
  decided_by text references users (id) on delete set null,
  plan_id text references plans (id) on delete set null,
  anonymised_at timestamptz
);
create index applications_call_idx on applications (call_id, status);
create index applications_applicant_idx on applications (applicant_id);
create index applications_decided_by_idx on applications (decided_by);
create index applications_plan_idx on applications (plan_id);
-- One live application per person and call.
create unique index applications_one_per_call on applications (call_id, applicant_id)
  where status <> 'withdrawn' and applicant_id is not null;

-- Preferred storefronts, ranked (1 = first choice).
create table application_storefronts (
  application_id text not null references applications (id) on delete cascade,
  storefront_id text not null references storefronts (id) on delete cascade,
  rank integer not null check (rank > 0),
  primary key (application_id, storefront_id)
);
create index application_storefronts_storefront_idx on application_storefronts (storefront_id);

-- Co-applicants: invited by e-mail, confirm to join the team (user_id set on confirmation).
create table application_members (
  id text primary key,
  application_id text not null references applications (id) on delete cascade,
  email text not null,
  name text not null default '',
  user_id text references users (id) on delete set null,
  status text not null default 'invited' check (status in ('invited', 'confirmed', 'declined')),
  token_hash text unique,
  invited_at timestamptz not null default now(),
  answered_at timestamptz
);
create index application_members_application_idx on application_members (application_id);
create index application_members_user_idx on application_members (user_id);

-- Jury: a score 0–5 per juror, application and criterion; one comment per juror and application; a
-- declared conflict of interest excludes the juror from that application.
create table jury_scores (
  application_id text not null references applications (id) on delete cascade,
  juror_id text not null references users (id) on delete cascade,
  criterion_id text not null references call_criteria (id) on delete cascade,
  score integer not null check (score between 0 and 5),
  updated_at timestamptz not null default now(),
  primary key (application_id, juror_id, criterion_id)
);
create index jury_scores_juror_idx on jury_scores (juror_id);

create table jury_comments (
  application_id text not null references applications (id) on delete cascade,
  juror_id text not null references users (id) on delete cascade,
  comment text not null default '',
  updated_at timestamptz not null default now(),
  primary key (application_id, juror_id)
);
create index jury_comments_juror_idx on jury_comments (juror_id);

create table jury_conflicts (
  application_id text not null references applications (id) on delete cascade,
  juror_id text not null references users (id) on delete cascade,
  note text not null default '',
  declared_at timestamptz not null default now(),
  primary key (application_id, juror_id)
);
create index jury_conflicts_juror_idx on jury_conflicts (juror_id);

-- The owner's answer to a shortlisted concept for their storefront.
create table owner_agreements (
  application_id text not null references applications (id) on delete cascade,
  storefront_id text not null references storefronts (id) on delete cascade,
  owner_id text references users (id) on delete set null,
  answer text not null check (answer in ('agree', 'object')),
  text text not null default '',
  answered_at timestamptz not null default now(),
  primary key (application_id, storefront_id)
);
create index owner_agreements_owner_idx on owner_agreements (owner_id);

-- Decision mails: templates per kind and language (call_id null: the default for every call), and one
-- row per mail of a bulk send, so a send shows progress and retries failures.
create table call_mail_templates (
  id text primary key,
  call_id text references calls (id) on delete cascade,
  kind text not null check (kind in ('selected', 'declined', 'waitlisted')),
  locale text not null check (locale in ('de', 'en')),
  subject text not null,
  body text not null,
  updated_by text references users (id) on delete set null,
  updated_at timestamptz not null default now()
);
create unique index call_mail_templates_unique on call_mail_templates (coalesce(call_id, ''), kind, locale);
create index call_mail_templates_updated_by_idx on call_mail_templates (updated_by);

create table call_mail_sends (
  id text primary key,
  call_id text not null references calls (id) on delete cascade,
  application_id text not null references applications (id) on delete cascade,
  kind text not null check (kind in ('selected', 'declined', 'waitlisted')),
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_by text references users (id) on delete set null,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index call_mail_sends_call_idx on call_mail_sends (call_id, status);
create index call_mail_sends_application_idx on call_mail_sends (application_id);
create index call_mail_sends_created_by_idx on call_mail_sends (created_by);

-- The checklist a selected application's plan starts with (tasks; staff keep it).
create table checklist_templates (
  id text primary key,
  title text not null,
  -- Due this many days before the plan's first entry (null: no due date).
  days_before integer check (days_before is null or days_before >= 0),
  position integer not null default 0,
  updated_at timestamptz not null default now()
);
insert into checklist_templates (id, title, days_before, position) values
  ('chk-insurance', 'Veranstaltungshaftpflicht nachweisen', 14, 1),
  ('chk-keys', 'Schlüsselübergabe vereinbaren', 7, 2),
  ('chk-gema', 'GEMA-Anmeldung (bei Musik)', 10, 3),
  ('chk-press', 'Pressetext an das Team Kreativquartiere', 21, 4),
  ('chk-handover', 'Übergabeprotokoll beim Einzug', 0, 5);

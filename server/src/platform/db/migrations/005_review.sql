-- The review loop (issue 6): versions, approvals bound to the schedule's content hash, comments,
-- notifications, personal feed secrets and iCalendar sequence numbers.

-- Named snapshots of a plan document (Yjs state), taken at submit, at every decision and on demand.
create table plan_versions (
  plan_id text not null references plans (id) on delete cascade,
  number integer not null,
  name text not null,
  reason text not null check (reason in ('submit', 'approval', 'manual')),
  created_by text references users (id) on delete set null,
  created_at timestamptz not null default now(),
  state bytea not null,
  schedule_hash text not null,
  primary key (plan_id, number)
);

-- Decisions of staff. An approval binds to the hash of the normalised schedule; `stale` is kept in
-- step with the live document by every instance that has it loaded (idempotent conditional writes).
create table approvals (
  id bigint generated always as identity primary key,
  plan_id text not null references plans (id) on delete cascade,
  decision text not null check (decision in ('approved', 'changes-requested')),
  note text not null default '',
  decided_by text references users (id) on delete set null,
  decided_at timestamptz not null default now(),
  schedule_hash text not null,
  schedule jsonb not null,
  -- the public part of meta at the time (title, publicDescription) for the public programme
  meta jsonb not null default '{}'::jsonb,
  version integer,
  stale boolean not null default false,
  stale_since timestamptz
);
create index approvals_plan_idx on approvals (plan_id, id desc);

-- Comment threads. `seq` rises with every change of a plan's comments (assigned under a per-plan
-- advisory lock, so within a plan it rises in commit order): the catch-up cursor.
create sequence review_seq;
create table comments (
  id text primary key,
  plan_id text not null references plans (id) on delete cascade,
  parent_id text references comments (id) on delete cascade,
  anchor_kind text not null check (anchor_kind in ('plan', 'layout', 'schedule', 'task')),
  anchor_id text,
  anchor_label text not null default '',
  author_id text references users (id) on delete set null,
  body text not null,
  mentions jsonb not null default '[]'::jsonb,
  deleted boolean not null default false,
  resolved boolean not null default false,
  resolved_by text references users (id) on delete set null,
  resolved_at timestamptz,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  seq bigint not null default nextval('review_seq')
);
create index comments_plan_seq_idx on comments (plan_id, seq);
create index comments_parent_idx on comments (parent_id);

-- Per-person notifications; `id` is the person's catch-up cursor (assigned under a per-person lock).
create table notifications (
  id bigint generated always as identity primary key,
  user_id text not null references users (id) on delete cascade,
  kind text not null,
  plan_id text references plans (id) on delete cascade,
  comment_id text references comments (id) on delete set null,
  actor_id text references users (id) on delete set null,
  text text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notifications_user_idx on notifications (user_id, id);
create index notifications_unread_idx on notifications (user_id) where read_at is null;

-- Personal calendar feeds: only the HMAC of the URL's secret is stored; revoked ones answer 404.
create table feed_tokens (
  id text primary key,
  user_id text not null references users (id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index feed_tokens_user_idx on feed_tokens (user_id);

-- iCalendar SEQUENCE per schedule entry: raised whenever the entry's content or status changed since
-- a feed last showed it. `last` keeps the entry as last shown, so a removed entry can be CANCELLED.
-- `scope`: 'private' (plan, storefront and personal feeds: the live schedule) or 'public' (the programme:
-- the approved copy), counted apart so one feed's content never raises the other's sequence.
create table feed_entries (
  scope text not null check (scope in ('private', 'public')),
  plan_id text not null references plans (id) on delete cascade,
  entry_id text not null,
  content_hash text not null,
  sequence integer not null default 0,
  last jsonb not null,
  removed boolean not null default false,
  primary key (scope, plan_id, entry_id)
);

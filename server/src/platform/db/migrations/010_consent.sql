-- Decisions bound to what was seen (issue 13). An approval records the reason given for approving
-- despite open error findings; the storefront owner's consent binds the hash of the schedule AND the
-- layout and goes stale like an approval; each storefront says whether publishing needs it.
alter table approvals add column acknowledged_errors text;

alter table storefronts add column consent_required boolean not null default true;

create table plan_consents (
  id bigint generated always as identity primary key,
  plan_id text not null references plans (id) on delete cascade,
  decision text not null check (decision in ('agreed', 'objected')),
  text text not null default '',
  given_by text references users (id) on delete set null,
  given_at timestamptz not null default now(),
  consent_hash text not null,
  -- what the owner saw: the normalised schedule and the layout items
  plan jsonb not null default '{}'::jsonb,
  stale boolean not null default false,
  stale_since timestamptz
);
create index plan_consents_plan_idx on plan_consents (plan_id, id desc);

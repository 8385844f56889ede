-- Plan teams (issue 14): a lead designer per plan, and access requests of designers who are not members.
-- The lead is plans.lead_id while that person is a designer member; otherwise the plan's creator if a
-- designer member, else its earliest designer member (see plans/repo.ts `LEAD_SQL`), so plans created by
-- older code and by seeds always have a lead when they have a designer.
alter table plans add column lead_id text references users (id) on delete set null;

-- Backfill: the creator when a designer member, else the first designer member.
update plans p set lead_id = coalesce(
  (select m.user_id from plan_members m where m.plan_id = p.id and m.user_id = p.created_by and m.role = 'designer'),
  (select m.user_id from plan_members m where m.plan_id = p.id and m.role = 'designer' order by m.created_at, m.user_id limit 1)
);

create table access_requests (
  id text primary key,
  plan_id text not null references plans (id) on delete cascade,
  user_id text not null references users (id) on delete cascade,
  status text not null default 'open' check (status in ('open', 'accepted', 'declined')),
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  decided_by text references users (id) on delete set null
);
-- At most one open request per person and plan.
create unique index access_requests_open_idx on access_requests (plan_id, user_id) where status = 'open';
create index access_requests_plan_idx on access_requests (plan_id, status);

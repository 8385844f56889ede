-- The last JSON form of each plan's document and its check findings, kept in step by the checks
-- service: the city-wide checks and the "free in a date range" filter read these instead of loading
-- every live document.
create table plan_snapshots (
  plan_id text primary key references plans (id) on delete cascade,
  doc jsonb not null,
  findings jsonb not null default '[]'::jsonb,
  updated_at timestamptz not null default now()
);

-- Publication safeguards (issue 13, defect 4): public entries taken back out of the programme.
-- `kind` 'entry': staff cancelled one public entry of a published plan (stays cancelled);
-- `kind` 'plan': the entry was public when its plan was un-published (cleared when it is published again).
-- The programme leaves these entries out; the iCalendar feeds keep their UID as STATUS:CANCELLED with a
-- higher SEQUENCE (feed_entries carries the sequence; this table names which plans a feed must still list).
create table cancelled_entries (
  plan_id text not null references plans (id) on delete cascade,
  entry_id text not null,
  kind text not null check (kind in ('entry', 'plan')),
  reason text not null,
  actor_id text references users (id) on delete set null,
  cancelled_at timestamptz not null default now(),
  primary key (plan_id, entry_id)
);
create index cancelled_entries_plan_idx on cancelled_entries (plan_id);

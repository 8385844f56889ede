-- Cached read models (issue 19, platform/read-cache): each table that a cached answer is read from has
-- a generation, the number of committed write statements on it. A read takes the generations of its
-- tables first (one small query), then serves the answer cached for them or computes it anew; any
-- committed write changes a generation, so the next read computes afresh, on every server instance.
--
-- Why a log of inserts and not a counter row bumped with UPDATE: an UPDATE holds that row's lock until
-- commit, so every writer of a table would wait for the others, and two transactions writing two tables
-- in opposite order would deadlock on the counters. An INSERT takes no lock another writer waits on.
-- A generation is `read_generations.base` plus the topic's rows in `read_changes`: it grows by one with
-- each committed write statement (visible only at commit, unlike a sequence's nextval), and
-- ReadCache.compact folds the log into `base` in one statement (the sum unchanged for any reader).
create table read_generations (
  topic text primary key,
  base bigint not null default 0
);

create table read_changes (
  topic text not null
);
create index read_changes_topic_idx on read_changes (topic);

create function planner_read_changed() returns trigger language plpgsql as $$
begin
  insert into read_changes (topic) values (coalesce(TG_ARGV[0], TG_TABLE_NAME));
  return null;
end
$$;

insert into read_generations (topic) values
  ('approvals'), ('plans'), ('storefronts'), ('quarters'), ('cancelled_entries'), ('users'), ('plan_snapshots'),
  ('plan_members'), ('plans_core');

-- Statement-level: one row per write statement, whatever the number of rows it changed.
create trigger approvals_read_changed after insert or update or delete or truncate on approvals
  for each statement execute function planner_read_changed();
create trigger plans_read_changed after insert or update or delete or truncate on plans
  for each statement execute function planner_read_changed();
-- 'plans_core': the plans' columns the programme, the storefront search and the city checks read. Live
-- edits move `updated_at` every few seconds (PLAN_TOUCH_SECONDS); that moves 'plans' only, so those
-- cached answers survive the editing. (UPDATE OF fires when a column is set, changed or not.)
create trigger plans_core_read_changed after insert or delete or truncate on plans
  for each statement execute function planner_read_changed('plans_core');
create trigger plans_core_update_read_changed
  after update of id, title, status, storefront_id, deleted_at, archived_at, schedule_start, schedule_end on plans
  for each statement execute function planner_read_changed('plans_core');
create trigger storefronts_read_changed after insert or update or delete or truncate on storefronts
  for each statement execute function planner_read_changed();
create trigger quarters_read_changed after insert or update or delete or truncate on quarters
  for each statement execute function planner_read_changed();
create trigger cancelled_entries_read_changed after insert or update or delete or truncate on cancelled_entries
  for each statement execute function planner_read_changed();
create trigger users_read_changed after insert or update or delete or truncate on users
  for each statement execute function planner_read_changed();
create trigger plan_snapshots_read_changed after insert or update or delete or truncate on plan_snapshots
  for each statement execute function planner_read_changed();
create trigger plan_members_read_changed after insert or update or delete or truncate on plan_members
  for each statement execute function planner_read_changed();

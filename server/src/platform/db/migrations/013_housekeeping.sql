-- Plan housekeeping (issue 14): archived plans leave the dashboards but stay readable; a draft that was
-- never submitted can be deleted softly (staff restore it within PLAN_RESTORE_DAYS, then a purge job
-- removes it for good).
alter table plans add column archived_at timestamptz;
alter table plans add column deleted_at timestamptz;
alter table plans add column deleted_by text references users (id) on delete set null;
create index plans_deleted_at on plans (deleted_at) where deleted_at is not null;

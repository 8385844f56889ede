-- Cached read models (issue 19, migration 032): the staff's list of ended public entries still without a
-- count (GET /api/attendance/missing) is read from `attendance` besides the tables 032 already follows.
-- Same pattern: a generation row, and a statement-level trigger that logs each committed write statement.
insert into read_generations (topic) values ('attendance');

create trigger attendance_read_changed after insert or update or delete or truncate on attendance
  for each statement execute function planner_read_changed();

-- An instant of a schedule copy (approvals.schedule) as the server reads one (Date.parse): the
-- timestamptz, or NULL when the text is none (not a date at all, an impossible one like 30 February, or
-- a word PostgreSQL reads as an instant, 'now', 'infinity'). Lets the list of missing counts read the
-- copies in one query without one odd entry failing it (attendance/repo.ts).
create function planner_instant(t text) returns timestamptz language plpgsql stable as $$
begin
  if t is null or left(t, 1) not between '0' and '9' then
    return null;
  end if;
  return t::timestamptz;
exception when others then
  return null;
end
$$;

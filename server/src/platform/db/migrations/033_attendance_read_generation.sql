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

-- The public entries of each approved copy, read out once when the copy is written (a trigger on
-- approvals) instead of decoding every copy's JSON on each read of the missing counts: n is the entry's
-- place in the copy (1-based), start_at/end_at its instants (planner_instant; entries without both are
-- not kept, as the server's publicEntries skips them). Derived from approvals only: a write to it is a
-- write to approvals, whose generation already moves.
create table approval_public_entries (
  approval_id bigint not null references approvals (id) on delete cascade,
  n integer not null,
  entry_id text not null,
  title text not null,
  start_at timestamptz not null,
  end_at timestamptz not null,
  primary key (approval_id, n)
);

create function planner_public_entries(approval bigint, schedule jsonb) returns void language sql as $$
  insert into approval_public_entries (approval_id, n, entry_id, title, start_at, end_at)
  select approval, x.n, x.entry_id, x.title, x.start_at, x.end_at
    from (
      select el.n, el.e ->> 'id' as entry_id,
             case when jsonb_typeof(el.e -> 'title') = 'string' then el.e ->> 'title' else '' end as title,
             planner_instant(el.e ->> 'start') as start_at, planner_instant(el.e ->> 'end') as end_at
        from jsonb_array_elements(case when jsonb_typeof(schedule) = 'array' then schedule else '[]' end)
          with ordinality as el (e, n)
       where jsonb_typeof(el.e) = 'object' and jsonb_typeof(el.e -> 'id') = 'string' and el.e -> 'public' = 'true'::jsonb
         and jsonb_typeof(el.e -> 'start') = 'string' and jsonb_typeof(el.e -> 'end') = 'string'
    ) x
   where x.start_at is not null and x.end_at is not null;
$$;

create function planner_approval_entries() returns trigger language plpgsql as $$
begin
  if TG_OP = 'UPDATE' then
    delete from approval_public_entries where approval_id = old.id;
  end if;
  perform planner_public_entries(new.id, new.schedule);
  return null;
end
$$;

create trigger approvals_public_entries after insert or update of schedule on approvals
  for each row execute function planner_approval_entries();

-- The copies written before this migration.
do $$ begin perform planner_public_entries(id, schedule) from approvals; end $$;

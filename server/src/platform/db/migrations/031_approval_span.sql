-- The city at scale (issue 19): the public programme for a month reads only the approved schedule copies
-- that can meet the month, instead of decoding every published plan's copy ever.
--
-- approvals.span: the instants within which the copy's entries take place, from the earliest to the
-- latest of every entry's own start and end and of every occurrence of its weekly pattern (issue 18),
-- inclusive at both ends (a zero-length entry is one instant). An open bound: a pattern without a known
-- end. 'empty': a copy without entries. NULL: not known (a copy that could not be read): such a copy is
-- always read, never dropped. Written with the approval (review/repo.ts, scheduleReach in shared).
alter table approvals add column span tstzrange;

-- Backfill of the copies written before this migration. A pattern's occurrences lie within its Berlin
-- dates `from`–`until` (hours up to 24:00, so up to the midnight after `until`); a day either side covers
-- the Berlin offset without needing time-zone data. A copy whose dates do not cast stays NULL (read always).
create function planner_031_span(schedule jsonb) returns tstzrange language plpgsql as $$
declare
  lo timestamptz;
  hi timestamptz;
  open_end boolean := false;
  e jsonb;
  r jsonb;
begin
  if jsonb_typeof(schedule) <> 'array' then
    return null;
  end if;
  if jsonb_array_length(schedule) = 0 then
    return 'empty'::tstzrange;
  end if;
  for e in select value from jsonb_array_elements(schedule) loop
    lo := least(lo, (e ->> 'start')::timestamptz, (e ->> 'end')::timestamptz);
    hi := greatest(hi, (e ->> 'start')::timestamptz, (e ->> 'end')::timestamptz);
    if (e ->> 'start') is null or (e ->> 'end') is null then
      return null;
    end if;
    r := e -> 'recurrence';
    if r is not null and jsonb_typeof(r) = 'object' then
      if (r ->> 'from') is null then
        return null;
      end if;
      lo := least(lo, ((r ->> 'from')::date - 1)::timestamp at time zone 'UTC');
      if (r ->> 'until') is null then
        open_end := true;
      else
        hi := greatest(hi, ((r ->> 'until')::date + 2)::timestamp at time zone 'UTC');
      end if;
    end if;
  end loop;
  return tstzrange(lo, case when open_end then null else hi end, '[]');
exception when others then
  return null;
end;
$$;

update approvals set span = planner_031_span(schedule);

drop function planner_031_span(jsonb);

-- The programme's question: the latest approved copy of each plan whose span meets a window (or is unknown).
create index approvals_span_idx on approvals using gist (span) where decision = 'approved';

-- City reports (issue 20): visitors recorded per public schedule entry, and which quarters count as the
-- established creative quarters.
--
-- attendance: the actual visitors of one public entry of a published (or done) plan, recorded by the
-- plan's designers or staff once the entry has ended; editable (the last writer is kept). The entry id
-- is the id of the entry in the approved copy of the schedule (approvals.schedule), not a foreign key.
create table attendance (
  plan_id text not null references plans (id) on delete cascade,
  entry_id text not null,
  visitors integer not null check (visitors >= 0),
  note text not null default '',
  recorded_by text references users (id) on delete set null,
  recorded_at timestamptz not null default now(),
  updated_by text references users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (plan_id, entry_id)
);
create index attendance_recorded_by_idx on attendance (recorded_by);
create index attendance_updated_by_idx on attendance (updated_by);

-- The established creative quarters (DESIGN.md §1: Unionviertel, Nordstadt, Brückviertel, the city
-- centre); the district centres that got little attention so far (Hörde, Huckarde, Scharnhorst …) and
-- any quarter added later are not, until staff say so. The reports show the share of stagings outside them.
alter table quarters add column established boolean not null default false;
update quarters set established = true where slug in ('unionviertel', 'nordstadt', 'brueckviertel', 'city');

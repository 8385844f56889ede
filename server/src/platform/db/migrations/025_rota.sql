-- The duty rota ("Aufsicht", issue 18): shifts that cover a plan's opening hours and events, the people
-- on them (plan members, or external contacts without an account) and swap offers.
--
-- rota_contacts: people without an account who take shifts in one plan (name, optional phone and
-- e-mail); personal data, kept with the plan (docs/personal-data.md).
create table rota_contacts (
  id text primary key,
  plan_id text not null references plans (id) on delete cascade,
  name text not null,
  phone text not null default '',
  email text not null default '',
  created_by text references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index rota_contacts_plan_idx on rota_contacts (plan_id);
create index rota_contacts_created_by_idx on rota_contacts (created_by);

-- rota_shifts: one shift of a plan. entry_id names the schedule entry it was suggested from (not a
-- foreign key: entries live in the plan document); revision counts changes (the calendar's SEQUENCE).
create table rota_shifts (
  id text primary key,
  plan_id text not null references plans (id) on delete cascade,
  entry_id text,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  min_people integer not null default 1 check (min_people between 1 and 50),
  label text not null default '',
  revision integer not null default 0,
  created_by text references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index rota_shifts_plan_idx on rota_shifts (plan_id, starts_at);
create index rota_shifts_created_by_idx on rota_shifts (created_by);

-- rota_assignments: a person on a shift: an account (user_id) or an external contact (contact_id).
create table rota_assignments (
  id text primary key,
  shift_id text not null references rota_shifts (id) on delete cascade,
  user_id text references users (id) on delete cascade,
  contact_id text references rota_contacts (id) on delete cascade,
  assigned_by text references users (id) on delete set null,
  created_at timestamptz not null default now(),
  check ((user_id is null) <> (contact_id is null))
);
create unique index rota_assignments_user_uq on rota_assignments (shift_id, user_id) where user_id is not null;
create unique index rota_assignments_contact_uq on rota_assignments (shift_id, contact_id) where contact_id is not null;
create index rota_assignments_user_idx on rota_assignments (user_id);
create index rota_assignments_assigned_by_idx on rota_assignments (assigned_by);

-- rota_swaps: an open offer of one's assignment to the plan's other members. Taking it moves the
-- assignment to the taker and deletes the offer (one transaction); withdrawing deletes it.
create table rota_swaps (
  id text primary key,
  assignment_id text not null unique references rota_assignments (id) on delete cascade,
  offered_by text not null references users (id) on delete cascade,
  created_at timestamptz not null default now()
);
create index rota_swaps_offered_by_idx on rota_swaps (offered_by);

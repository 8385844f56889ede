-- Storefront registry and plan lifecycle (DESIGN.md §4), extending the core tables of 003.
alter table storefronts
  add column lat double precision not null default 51.5136,
  add column lng double precision not null default 7.4653,
  add column area_m2 double precision not null default 0,
  add column frontage_cm double precision not null default 0,
  add column window_width_cm double precision not null default 0,
  add column outline jsonb not null default '[]'::jsonb,
  add column doors jsonb not null default '[]'::jsonb,
  add column power jsonb not null default '{"sockets":0,"maxLoadKw":null}'::jsonb,
  add column water boolean not null default false,
  add column toilet boolean not null default false,
  add column heating boolean not null default false,
  add column step_free boolean not null default false,
  add column max_occupancy integer,
  add column availability jsonb not null default '[]'::jsonb,
  add column house_rules jsonb not null default '[]'::jsonb,
  add column key_handover_notes text not null default '',
  add column status text not null default 'vacant' check (status in ('vacant', 'reserved', 'in_use', 'let')),
  add column updated_at timestamptz not null default now();
create index storefronts_quarter_idx on storefronts (quarter_id);

-- The span of a plan's schedule, kept in step with its document, for "free in a date range".
alter table plans
  add column schedule_start timestamptz,
  add column schedule_end timestamptz,
  add constraint plans_status_check check (status in ('draft', 'submitted', 'approved', 'published', 'done', 'withdrawn'));
create index plans_status_idx on plans (status);

insert into quarters (id, name, slug) values
  ('8d0c3f52-5d6a-4b0e-9b8e-0a1c00000001', 'Unionviertel', 'unionviertel'),
  ('8d0c3f52-5d6a-4b0e-9b8e-0a1c00000002', 'Nordstadt', 'nordstadt'),
  ('8d0c3f52-5d6a-4b0e-9b8e-0a1c00000003', 'Brückviertel', 'brueckviertel'),
  ('8d0c3f52-5d6a-4b0e-9b8e-0a1c00000004', 'City', 'city'),
  ('8d0c3f52-5d6a-4b0e-9b8e-0a1c00000005', 'Hörde', 'hoerde'),
  ('8d0c3f52-5d6a-4b0e-9b8e-0a1c00000006', 'Huckarde', 'huckarde'),
  ('8d0c3f52-5d6a-4b0e-9b8e-0a1c00000007', 'Scharnhorst', 'scharnhorst')
on conflict do nothing;

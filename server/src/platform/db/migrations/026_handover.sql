-- Handover protocols (issue 18): the Übergabeprotokoll at move-in (`einzug`) and move-out (`auszug`) of a
-- plan. Texts (zones, meters, keys, defects) live in `content` as JSON validated by the shared schema; the
-- photos are plan attachments of purpose `handover` (the media capability stores, cleans and serves them),
-- linked here to what they show. Two confirmations lock a protocol; later corrections are addenda.
alter table plan_attachments drop constraint if exists plan_attachments_purpose_check;
alter table plan_attachments add constraint plan_attachments_purpose_check
  check (purpose in ('material', 'comment', 'handover'));

create table handover_protocols (
  id text primary key,
  plan_id text not null references plans (id) on delete cascade,
  kind text not null check (kind in ('einzug', 'auszug')),
  content jsonb not null,
  created_by text references users (id) on delete set null,
  updated_by text references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  locked_at timestamptz,
  unique (plan_id, kind)
);

create table handover_photos (
  id text primary key references plan_attachments (id) on delete cascade,
  protocol_id text not null references handover_protocols (id) on delete cascade,
  -- What the photo shows: a zone, a meter (power/water/gas), a defect, an addendum, or a drawn signature.
  target text not null check (target in ('zone', 'meter', 'defect', 'addendum', 'signature')),
  target_id text not null,
  uploaded_by text references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index handover_photos_protocol_idx on handover_photos (protocol_id, created_at);

create table handover_confirmations (
  protocol_id text not null references handover_protocols (id) on delete cascade,
  side text not null check (side in ('owner', 'designer')),
  -- The account that confirmed (staff for a caretaker); the typed name is what was signed.
  user_id text references users (id) on delete set null,
  typed_name text not null,
  caretaker boolean not null default false,
  signature_id text references handover_photos (id) on delete set null,
  confirmed_at timestamptz not null default now(),
  primary key (protocol_id, side)
);

create table handover_addenda (
  id text primary key,
  protocol_id text not null references handover_protocols (id) on delete cascade,
  body text not null,
  created_by text references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index handover_addenda_protocol_idx on handover_addenda (protocol_id, created_at);

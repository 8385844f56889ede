-- Plan attachments (issue 17): the "Material" of a plan. The bytes live in the BlobStore under
-- plans/<plan_id>/attachments/<id>/; this row says what they are and how far processing got.
create table plan_attachments (
  id text primary key,
  plan_id text not null references plans (id) on delete cascade,
  kind text not null check (kind in ('image', 'pdf')),
  content_type text not null,
  file_name text not null,
  size_bytes bigint not null,
  state text not null default 'processing' check (state in ('processing', 'ready', 'failed')),
  failure_key text,
  width integer,
  height integer,
  page_count integer,
  placeholder text,
  dominant_color text,
  -- [{ name, contentType, width, height, bytes, key }]: the files that may be served.
  variants jsonb not null default '[]',
  uploaded_by text references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index plan_attachments_plan_idx on plan_attachments (plan_id, created_at desc);
create index plan_attachments_processing_idx on plan_attachments (state) where state = 'processing';

-- Comments on an attachment (anchor kind 'attachment', anchor_id its id).
alter table comments drop constraint comments_anchor_kind_check;
alter table comments add constraint comments_anchor_kind_check
  check (anchor_kind in ('plan', 'layout', 'schedule', 'task', 'attachment'));

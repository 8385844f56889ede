-- Pictures and public visibility (issue 17).

-- Storefront photos: interior, façade, shop window, with caption and order. Private (staff, the owner,
-- members of plans in the storefront) until the owner or staff makes one public; a public photo is
-- served at a content-hashed URL (public_hash: sha256 of its cleaned original) with long cache headers.
-- The bytes live in the BlobStore under storefronts/<storefront_id>/photos/<id>/.
create table storefront_photos (
  id text primary key,
  storefront_id text not null references storefronts (id) on delete cascade,
  kind text not null default 'interior' check (kind in ('interior', 'facade', 'window')),
  caption text not null default '',
  position integer not null default 0,
  is_public boolean not null default false,
  content_type text not null,
  file_name text not null,
  size_bytes bigint not null,
  state text not null default 'processing' check (state in ('processing', 'ready', 'failed')),
  failure_key text,
  width integer,
  height integer,
  placeholder text,
  dominant_color text,
  variants jsonb not null default '[]',
  public_hash text,
  uploaded_by text references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index storefront_photos_storefront_idx on storefront_photos (storefront_id, position, created_at);
create index storefront_photos_hash_idx on storefront_photos (public_hash) where public_hash is not null;
create index storefront_photos_processing_idx on storefront_photos (state) where state = 'processing';

-- Plan images shown in the public programme ("Im Programm zeigen"; public only while the plan is
-- published), their content hash for public URLs, and images attached to comments.
alter table plan_attachments add column is_public boolean not null default false;
alter table plan_attachments add column public_hash text;
alter table plan_attachments add column comment_id text references comments (id) on delete set null;
alter table plan_attachments add column purpose text not null default 'material' check (purpose in ('material', 'comment'));
create index plan_attachments_hash_idx on plan_attachments (public_hash) where public_hash is not null;
create index plan_attachments_comment_idx on plan_attachments (comment_id) where comment_id is not null;

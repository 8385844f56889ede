-- Creative profiles (issue 17): an opt-in public profile per account. Private until published.
-- Deleting the account deletes its profile (on delete cascade); its portrait's blobs live under
-- profiles/<user_id>/ in the BlobStore and are removed with ProfileService.purgeUserBlobs.
create table profiles (
  id text primary key,
  user_id text not null unique references users (id) on delete cascade,
  -- made once from the name at creation, unique, never changed (links stay valid)
  slug text not null unique,
  display_name text not null,
  disciplines jsonb not null default '[]',
  bio text not null default '',
  website text,
  links jsonb not null default '[]',
  published boolean not null default false,
  published_at timestamptz,
  -- staff unpublished it (moderation); cleared when its owner publishes again
  moderated_at timestamptz,
  moderated_by text references users (id) on delete set null,
  -- { hash, width, height, placeholder, dominantColor, variants: [{ name, contentType, width, height, bytes, key }] }
  portrait jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index profiles_published_idx on profiles (lower(display_name), id) where published;

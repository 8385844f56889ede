-- The floor-plan underlay (issue 17): one scan or photo of a storefront's real floor plan, shared by all
-- its plans. The bytes live in the BlobStore under storefronts/<storefront_id>/underlay/<id>/; this row
-- says what they are, how far processing got, and how the image is calibrated and placed.
create table storefront_underlays (
  id text primary key,
  storefront_id text not null unique references storefronts (id) on delete cascade,
  content_type text not null,
  file_name text not null,
  size_bytes bigint not null,
  state text not null default 'processing' check (state in ('processing', 'ready', 'failed')),
  failure_key text,
  -- The served image: its key, type and size in pixels (what the calibration points refer to).
  image_key text,
  image_type text,
  image_bytes bigint,
  width integer,
  height integer,
  -- Two points on the image (pixels) and their real distance (cm): the scale. All null or all set.
  p1_x double precision,
  p1_y double precision,
  p2_x double precision,
  p2_y double precision,
  distance_cm double precision check (distance_cm is null or distance_cm > 0),
  rotation_deg double precision not null default 0,
  offset_x_cm double precision not null default 0,
  offset_y_cm double precision not null default 0,
  opacity double precision not null default 0.5 check (opacity >= 0 and opacity <= 1),
  uploaded_by text references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((p1_x is null) = (distance_cm is null) and (p1_y is null) = (distance_cm is null)
    and (p2_x is null) = (distance_cm is null) and (p2_y is null) = (distance_cm is null))
);
create index storefront_underlays_processing_idx on storefront_underlays (state) where state = 'processing';

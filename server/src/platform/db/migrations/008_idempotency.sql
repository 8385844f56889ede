-- Idempotent writes (issue 15): a signed-in caller's write sent with an `Idempotency-Key` header is
-- remembered with its answer for 24 hours, so a retry returns the first answer instead of repeating
-- the write (platform/http/idempotency.ts). `status` is null while the first request still runs.

create table idempotency_keys (
  user_id text not null references users (id) on delete cascade,
  key text not null,
  fingerprint text not null,
  status integer,
  content_type text,
  body text,
  created_at timestamptz not null default now(),
  primary key (user_id, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);

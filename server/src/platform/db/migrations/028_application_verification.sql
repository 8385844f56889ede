-- Applications (issue 16): an account made inside an application form confirms its e-mail address by a
-- mailed link before it may submit. One row per such account; accounts without a row were made through
-- a mailed invitation (their address is confirmed by that link), by staff, or by single sign-on.
create table applicant_verifications (
  user_id text primary key references users (id) on delete cascade,
  token_hash text unique,
  expires_at timestamptz not null,
  verified_at timestamptz,
  created_at timestamptz not null default now()
);

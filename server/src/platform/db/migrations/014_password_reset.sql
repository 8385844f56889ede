-- Issue 14: password reset by e-mail, e-mail change confirmed from the new address, and notifications
-- that carry what they are about.

-- Single-use password reset links, valid for one hour. Only the HMAC of the link's secret is stored
-- (keyed with SESSION_SECRET, as sessions and bearer tokens): a copy of the database opens no account.
create table password_reset_tokens (
  token_hash text primary key,
  user_id text not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index password_reset_tokens_user_idx on password_reset_tokens (user_id);

-- A change of e-mail address waits for the link sent to the new address (single use, one hour).
create table email_change_tokens (
  token_hash text primary key,
  user_id text not null references users (id) on delete cascade,
  new_email text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index email_change_tokens_user_idx on email_change_tokens (user_id);

-- What a notification is about: an excerpt of the comment or note (stored with it, so a later edit or
-- deletion does not change what was said), and the plan editor's tab it opens.
alter table notifications add column excerpt text;
alter table notifications add column tab text;

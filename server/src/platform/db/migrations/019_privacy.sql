-- Data-protection self-service (issue 20).

-- A deleted account's entries in the activity log keep a pseudonym (an HMAC of its id) instead of the
-- account: staff still see that one account did these things, not who.
alter table activity add column actor_pseudonym text;
create index activity_pseudonym_idx on activity (actor_pseudonym, at) where actor_pseudonym is not null;
-- The staff's activity view filters by action and pages by id.
create index activity_action_idx on activity (action, id);

-- Texts staff maintain for the public pages: the privacy page ('privacy').
create table site_texts (
  key text primary key check (key in ('privacy')),
  body text not null default '',
  updated_at timestamptz not null default now(),
  updated_by text references users (id) on delete set null
);

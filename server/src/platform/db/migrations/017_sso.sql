-- Single sign-on (issue 20). An account signed in through the city's identity provider is found by the
-- provider's (issuer, subject) pair, never by its e-mail address: an address can change hands at the
-- provider, the subject cannot. One account may carry links from several providers (or none: local
-- password accounts).
create table oidc_links (
  issuer text not null,
  subject text not null,
  user_id text not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_login_at timestamptz not null default now(),
  primary key (issuer, subject)
);
create index oidc_links_user_idx on oidc_links (user_id);

-- The ID token of a session started by single sign-on: the `id_token_hint` of the provider's logout
-- (end_session_endpoint). It goes with its session.
create table oidc_sessions (
  session_id text primary key references sessions (id) on delete cascade,
  issuer text not null,
  id_token text not null
);

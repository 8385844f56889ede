-- Jury and selection of open calls (issue 16, on top of 024_calls.sql).
--
-- A decision mail of one kind goes to an application once: the bulk send inserts its rows with
-- `on conflict do nothing`, so sending twice (or from two instances at once) never mails twice; a failed
-- row is retried in place.
create unique index call_mail_sends_once on call_mail_sends (application_id, kind);

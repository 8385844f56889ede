-- Notifications and server-taken versions carry message keys instead of finished bilingual text
-- (issue 12): the client renders `key` + `params` from the shared catalogue in the reader's language.

alter table notifications add column key text;
alter table notifications add column params jsonb not null default '{}'::jsonb;

-- The texts the server wrote so far, mapped back to their keys (actor name and plan title as params).
update notifications set key = 'notification.planSubmitted',
    params = jsonb_build_object('actor', (regexp_match(text, '^(.*) hat „(.*)“ zur Freigabe eingereicht / '))[1], 'plan', (regexp_match(text, '^(.*) hat „(.*)“ zur Freigabe eingereicht / '))[2])
  where key is null and kind = 'plan-submitted' and text ~ '^(.*) hat „(.*)“ zur Freigabe eingereicht / ';
update notifications set key = 'notification.storefrontPlan', params = jsonb_build_object('plan', (regexp_match(text, '^Für Ihr Ladenlokal wurde „(.*)“ eingereicht / '))[1])
  where key is null and text ~ '^Für Ihr Ladenlokal wurde „(.*)“ eingereicht / ';
update notifications set key = 'notification.planApprovedAgain', params = jsonb_build_object('plan', (regexp_match(text, '^Der Zeitplan von „(.*)“ wurde erneut freigegeben / '))[1])
  where key is null and text ~ '^Der Zeitplan von „(.*)“ wurde erneut freigegeben / ';
update notifications set key = 'notification.planApproved', params = jsonb_build_object('plan', (regexp_match(text, '^Der Zeitplan von „(.*)“ wurde freigegeben / '))[1])
  where key is null and text ~ '^Der Zeitplan von „(.*)“ wurde freigegeben / ';
update notifications set key = 'notification.changesRequested', params = jsonb_build_object('plan', (regexp_match(text, '^Für „(.*)“ wurden Änderungen erbeten / '))[1])
  where key is null and text ~ '^Für „(.*)“ wurden Änderungen erbeten / ';
update notifications set key = 'notification.approvalStale',
    params = jsonb_build_object('plan', (regexp_match(text, '^Der Zeitplan von „(.*)“ wurde nach der Freigabe geändert und muss erneut freigegeben werden / '))[1])
  where key is null and text ~ '^Der Zeitplan von „(.*)“ wurde nach der Freigabe geändert und muss erneut freigegeben werden / ';
update notifications set key = 'notification.mention',
    params = jsonb_build_object('actor', (regexp_match(text, '^(.*) hat Sie in „(.*)“ erwähnt / '))[1], 'plan', (regexp_match(text, '^(.*) hat Sie in „(.*)“ erwähnt / '))[2])
  where key is null and kind = 'mention' and text ~ '^(.*) hat Sie in „(.*)“ erwähnt / ';
update notifications set key = 'notification.reply',
    params = jsonb_build_object('actor', (regexp_match(text, '^(.*) hat auf Ihren Kommentar in „(.*)“ geantwortet / '))[1], 'plan', (regexp_match(text, '^(.*) hat auf Ihren Kommentar in „(.*)“ geantwortet / '))[2])
  where key is null and kind = 'reply' and text ~ '^(.*) hat auf Ihren Kommentar in „(.*)“ geantwortet / ';
update notifications set key = 'notification.comment',
    params = jsonb_build_object('actor', (regexp_match(text, '^(.*) hat „(.*)“ kommentiert / '))[1], 'plan', (regexp_match(text, '^(.*) hat „(.*)“ kommentiert / '))[2])
  where key is null and kind = 'comment' and text ~ '^(.*) hat „(.*)“ kommentiert / ';

-- Anything else keeps its old text, shown as it is.
update notifications set key = 'notification.legacy', params = jsonb_build_object('text', text) where key is null;
alter table notifications alter column key set not null;
alter table notifications drop column text;

-- Versions the server took are named by key; names people gave stay as they are.
update plan_versions set name = 'version.submitted' where reason = 'submit' and name = 'Eingereicht / Submitted';
update plan_versions set name = 'version.approved' where reason = 'approval' and name = 'Freigabe / Approval';
update plan_versions set name = 'version.changesRequested' where reason = 'approval' and name = 'Änderungen erbeten / Changes requested';

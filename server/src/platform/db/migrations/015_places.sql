-- Quarter pages (issue 14): a description and a contact person that staff keep current.
alter table quarters add column description text not null default '';
alter table quarters add column contact_name text not null default '';
alter table quarters add column contact_email text not null default '';
alter table quarters add column contact_phone text not null default '';

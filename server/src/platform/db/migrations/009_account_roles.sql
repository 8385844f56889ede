-- Explicit account roles (DESIGN.md §5): staff, owner, designer; one person may hold several (a designer
-- who also owns a shop). The matrix column comes from the role plus the relationship (owner of this
-- storefront, member of this plan), never from the absence of a relationship.
alter table users add column roles text[] not null default '{}';
alter table users add constraint users_roles_known check (roles <@ array['staff', 'owner', 'designer']::text[]);

-- Backfill: the staff flag → staff; owning a storefront → owner; a designer membership or an accepted
-- designer invitation → designer; an account that is none of these → designer.
update users u set roles = array_remove(array[
  case when u.staff then 'staff' end,
  case when exists (select 1 from storefronts s where s.owner_id = u.id) then 'owner' end,
  case when exists (select 1 from plan_members m where m.user_id = u.id and m.role = 'designer')
         or exists (select 1 from invitations i where i.accepted_by = u.id and i.role = 'designer') then 'designer' end
], null);
update users set roles = array['designer'] where roles = '{}';

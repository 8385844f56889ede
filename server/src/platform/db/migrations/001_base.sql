-- Base: extensions-free schema pieces every later migration may rely on.
create table app_meta (
  key text primary key,
  value text not null
);
insert into app_meta (key, value) values ('schema', 'kreativquartiere-planner');

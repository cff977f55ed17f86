-- The fact journal is written by every accepted message (issue 11): each index on it is paid once per
-- message on the request path. Two go:
-- - The commit-order index (xid, id) becomes the primary key; nothing looks a row up by id alone.
-- - `cyclus` served two rare reads: "does this cycle hold messages" (now asked of the pupils' state,
--   whose keys start with the cycle) and the console's intake per day, which filters on time: a BRIN
--   index on `tijdstip`, which follows the order of writing, costs next to nothing to keep.
alter table feit drop constraint feit_pkey;
drop index feit_volgorde;
alter table feit add primary key (xid, id);
drop index feit_cyclus;
create index feit_tijdstip on feit using brin (tijdstip);

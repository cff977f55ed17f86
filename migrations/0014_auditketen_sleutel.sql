-- Issue 13 (5): the audit chain is keyed (HMAC-SHA256 with a key outside the database), so that
-- nobody with only database access can rewrite a record and recompute the chain after it.
-- Records chained before this migration keep their plain SHA-256 links; `gesleuteld_vanaf` is the
-- first keyed seq (1 on a new database). A signed checkpoint of the head at the first start after
-- this migration anchors the unkeyed part too.
alter table audit_kop add column gesleuteld_vanaf bigint;
insert into audit_kop (id, seq, hash, gesleuteld_vanaf) values (1, 0, repeat('0', 64), 1)
  on conflict (id) do update set gesleuteld_vanaf = audit_kop.seq + 1;
alter table audit_kop alter column gesleuteld_vanaf set not null;

-- Signed checkpoints of the chain: (seq, hash) of a record, signed with the hub's Ed25519 key
-- (derived from the audit key). They are also written to the log and exposed as a metric, and
-- beheer exports them, so a rewrite of the chain is found against a copy kept outside this table.
create table audit_checkpoint (
  seq           bigint primary key,
  hash          char(64) not null,
  tijdstip      timestamptz not null,
  handtekening  text not null
);

-- Issue 13: the purge leaves a verifiable report (what was deleted per table, the check that no PGN of
-- the cycle remains); its hash is in the audit chain, so a privacy officer can trust the copy beheer shows.
create table opschoonverslag (
  cyclus    integer primary key,
  tijdstip  timestamptz not null,
  verslag   text not null, -- the exact text that was hashed
  hash      char(64) not null
);

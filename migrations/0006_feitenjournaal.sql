-- The fact journal (issue 11): one row per accepted message and per audited action, written by the
-- request in its own transaction; the distributor reads it in commit order and does everything else
-- (routing, signals, outbox, deliveries, the audit chain). It is also the idempotency record.
create table feit (
  id                bigserial primary key,
  -- The writing transaction: the distributor reads only rows older than every running transaction,
  -- so a row that commits late is never skipped (see src/journal/store.ts).
  xid               xid8 not null default pg_current_xact_id(),
  soort             text not null check (soort in ('mbo-ganger', 'aanmeldstatus', 'audit')),
  afzender_oin      varchar(20),
  bericht_id        uuid,
  cyclus            integer not null,
  pgn               char(9),
  resultaat         text,
  elders_aangemeld  boolean,
  trace_id          text,
  tijdstip          timestamptz not null,
  data              jsonb not null,
  unique (afzender_oin, bericht_id)
);
create index feit_volgorde on feit (xid, id);
create index feit_cyclus on feit (cyclus);

-- How far the distributor got: the (xid, id) of the last journal row it processed.
create table distributie_stand (
  id        integer primary key check (id = 1),
  xid       xid8 not null,
  feit_id   bigint not null,
  bijgewerkt timestamptz not null
);

-- What was received before the journal existed keeps answering resends (DUPLICAAT), and counts as
-- distributed: it was routed, signalled and audited when it came in.
insert into feit (soort, afzender_oin, bericht_id, cyclus, resultaat, elders_aangemeld, tijdstip, data)
select soort, afzender_oin, bericht_id, cyclus, resultaat, elders_aangemeld, ontvangen, '{"gemigreerd": true}'::jsonb
  from ontvangen_bericht order by ontvangen;
insert into distributie_stand (id, xid, feit_id, bijgewerkt)
select 1, pg_current_xact_id(), coalesce(max(id), 0), now() from feit;

drop table ontvangen_bericht;
-- Facts that an engine of the old design had not yet consumed are lost with it: nothing was deployed.
drop table signaal_invoer;

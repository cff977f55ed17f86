-- Koppelpunt VO and MBO: received messages, pupil state, the per-recipient outbox.

-- Accepted messages per sender, for idempotency: the same berichtId gets the original result again.
create table ontvangen_bericht (
  afzender_oin      varchar(20) not null,
  bericht_id        uuid not null,
  soort             text not null check (soort in ('mbo-ganger', 'aanmeldstatus')),
  cyclus            integer not null,
  resultaat         text not null,
  elders_aangemeld  boolean,
  ontvangen         timestamptz not null,
  primary key (afzender_oin, bericht_id)
);
create index ontvangen_bericht_cyclus on ontvangen_bericht (cyclus);

-- The latest mbo-gangerbericht per (cyclus, pgn, brin_vo): the pupil's state at that school.
create table mbo_ganger (
  cyclus            integer not null,
  pgn               char(9) not null,
  brin_vo           char(4) not null,
  vestiging         char(6),
  postcode          char(6),
  huisnummer        integer,
  toevoeging        varchar(6),
  woonland          char(4) not null,
  gemeentecode      char(4),
  mbo_ganger        boolean not null,
  reden_nee         text,
  tijdstip          timestamptz not null,
  bericht_id        uuid not null,
  afzender_oin      varchar(20) not null,
  ontvangen         timestamptz not null,
  primary key (cyclus, pgn, brin_vo)
);
create index mbo_ganger_school on mbo_ganger (brin_vo, cyclus);

-- The latest status per registration, key (brin_mbo, aanmelding_id).
create table aanmelding (
  brin_mbo            char(4) not null,
  aanmelding_id       varchar(13) not null,
  cyclus              integer not null,
  pgn                 char(9) not null,
  ca_keten_id         uuid,
  postcode            char(6),
  huisnummer          integer,
  toevoeging          varchar(6),
  woonland            char(4) not null,
  gemeentecode        char(4),
  brin_vo             char(4),
  vooropleiding       text not null,
  leertraject         text not null,
  leeftijdscategorie  text not null,
  startkwalificatie   boolean not null,
  status              text not null,
  crebo               char(5),
  tijdstip            timestamptz not null,
  -- For policy information (spec §15): when the registration was first reported, and first LI.
  eerste_tijdstip     timestamptz not null,
  ingeschreven_tijdstip timestamptz,
  bericht_id          uuid not null,
  afzender_oin        varchar(20) not null,
  ontvangen           timestamptz not null,
  primary key (brin_mbo, aanmelding_id)
);
create index aanmelding_pgn on aanmelding (cyclus, pgn);

-- Derived state per pupil and cycle (spec §5), recomputed whenever one of its messages is accepted.
create table leerling (
  cyclus              integer not null,
  pgn                 char(9) not null,
  overstapstatus      text not null,
  potentiele_mbo_ganger boolean not null,
  woonland            char(4),
  woongemeente        char(4),
  -- The latest address and the latest school reporting the pupil as potential mbo-goer: what a signal carries.
  postcode            char(6),
  huisnummer          integer,
  toevoeging          varchar(6),
  brin_vo             char(4),
  reden_nee           text,
  -- Fell back from registered to no registration after the aanmelddatum (spec §15); never reset.
  teruggevallen       boolean not null default false,
  bijgewerkt          timestamptz not null,
  primary key (cyclus, pgn)
);
create index leerling_gemeente on leerling (cyclus, woongemeente);

-- Overstapsystemen subscribe to PGNs (spec §9); routing reads this.
create table overstap_abonnement (
  overstapsysteem_oin varchar(20) not null references organisatie (oin),
  cyclus              integer not null,
  pgn                 char(9) not null,
  aangemaakt          timestamptz not null,
  primary key (cyclus, pgn, overstapsysteem_oin)
);

-- Input for the gemeente signal engine (spec §6, §7): one row per accepted fact about a pupil.
-- `gemeentecode` is set when routing sends the fact to the gemeente (a status change it may see);
-- null means the fact only changes the pupil's state. Inserted under the append lock: commit order.
create table signaal_invoer (
  id                  bigserial primary key,
  cyclus              integer not null,
  pgn                 char(9) not null,
  gemeentecode        char(4),
  aanleiding          text not null,
  referentie          text not null,
  brin_mbo            char(4),
  status              text,
  aangemaakt          timestamptz not null,
  verwerkt            timestamptz
);
create index signaal_invoer_open on signaal_invoer (id) where verwerkt is null;

-- The per-recipient outbox: every outgoing CloudEvent, in one global order. Rows are inserted only
-- under the hub's append lock, so ids are handed out in commit order and a cursor never skips one.
create table uitgaand_bericht (
  id                  bigserial primary key,
  event_id            uuid not null unique,
  ontvanger_oin       varchar(20) not null references organisatie (oin),
  cyclus              integer not null,
  type                text not null,
  -- Per-pupil ordering key for push delivery: a pseudonym, so no PGN is needed to order.
  volgorde_sleutel    char(64),
  tijd                timestamptz not null,
  data                jsonb not null
);
create index uitgaand_bericht_ontvanger on uitgaand_bericht (ontvanger_oin, id);
create index uitgaand_bericht_cyclus on uitgaand_bericht (cyclus);

-- How far each party acknowledged its pull inbox.
create table ontvanger_cursor (
  ontvanger_oin       varchar(20) primary key references organisatie (oin),
  bevestigd_tot       bigint not null,
  bijgewerkt          timestamptz not null
);

-- Foundation: reference data, identities, audit log.

-- Reference data (public: DUO, CBS, synthetic mbo list). `actief = false` marks rows that left the
-- source file: they are kept because messages and history may still point at them.
create table rmc_regio (
  code        char(2) primary key,
  naam        text not null,
  actief      boolean not null default true
);

create table gemeente (
  code        char(4) primary key,
  naam        text not null,
  provincie   text,
  actief      boolean not null default true
);

-- Which RMC region a gemeente belongs to (DUO publishes it with every school location).
create table gemeente_rmc (
  gemeentecode  char(4) primary key,
  rmc_code      char(2) not null
);

create table vo_school (
  brin                char(4) primary key,
  naam                text not null,
  gemeentecode        char(4),
  rmc_code            char(2),
  onderwijsstructuur  text not null default '',
  actief              boolean not null default true
);

create table vo_vestiging (
  brin6               char(6) primary key,
  brin                char(4) not null,
  naam                text not null,
  postcode            char(6),
  plaats              text,
  gemeentecode        char(4),
  onderwijsstructuur  text not null default '',
  actief              boolean not null default true
);
create index vo_vestiging_brin on vo_vestiging (brin);

create table mbo_instelling (
  brin          char(4) primary key,
  naam          text not null,
  gemeentecode  char(4),
  synthetisch   boolean not null default false,
  actief        boolean not null default true
);

-- Maps DUO/ILT prior-education codes to the vooropleiding categories of the messages.
create table vooropleiding_code (
  code          text primary key,
  omschrijving  text not null,
  vooropleiding text not null,
  actief        boolean not null default true
);

-- CBS postcode-huisnummer → gemeente, plus majority fallbacks per PC6 and PC4 derived from it.
create table adres_gemeente (
  pc6           char(6) not null,
  huisnummer    integer not null,
  gemeentecode  char(4) not null,
  primary key (pc6, huisnummer)
);
create table pc6_gemeente (pc6 char(6) primary key, gemeentecode char(4) not null);
create table pc4_gemeente (pc4 char(4) primary key, gemeentecode char(4) not null);

create table referentie_import (
  id            bigserial primary key,
  soort         text not null,
  bestand       text not null,
  sha256        text not null,
  toegevoegd    integer not null,
  gewijzigd     integer not null,
  gedeactiveerd integer not null,
  tijdstip      timestamptz not null default now()
);

-- Identities.
create table organisatie (
  oin           varchar(20) primary key,
  soort         text not null check (soort in ('vo-school','mbo-instelling','gemeente','rmc-regio',
                  'overstapsysteem','centraal-aanmelden','leverancier','beheer')),
  naam          text not null,
  brin          char(4),
  gemeentecode  char(4),
  rmc_code      char(2),
  actief        boolean not null default true,
  aangemaakt    timestamptz not null default now()
);
create unique index organisatie_brin on organisatie (soort, brin) where brin is not null;
create unique index organisatie_gemeente on organisatie (gemeentecode) where soort = 'gemeente';
create unique index organisatie_rmc on organisatie (rmc_code) where soort = 'rmc-regio';

-- Tokens are stored as SHA-256 of a 256-bit random secret: the plain token is shown once.
create table api_token (
  id            uuid primary key,
  oin           varchar(20) not null references organisatie (oin),
  token_hash    char(64) not null unique,
  label         text not null default '',
  gebruiker     text,
  aangemaakt    timestamptz not null default now(),
  ingetrokken   timestamptz
);
create index api_token_oin on api_token (oin);

create table mandaat (
  id              bigserial primary key,
  leverancier_oin varchar(20) not null references organisatie (oin),
  school_oin      varchar(20) not null references organisatie (oin),
  geldig_van      date not null,
  geldig_tot      date,
  aangemaakt      timestamptz not null default now(),
  check (geldig_tot is null or geldig_tot >= geldig_van)
);
create index mandaat_leverancier on mandaat (leverancier_oin);

-- Hub secrets that must survive restarts in development (production passes them in config).
create table hub_geheim (
  naam    text primary key,
  waarde  text not null
);

-- Audit log (AVG): append-only, hash-chained. `hash` = SHA-256 over the previous hash and this
-- record's canonical form, so altering, removing or inserting a record breaks the chain.
create table audit_log (
  seq             bigint primary key,
  tijdstip        timestamptz not null,
  actor_oin       varchar(20),
  gebruiker       text,
  actie           text not null,
  resource        text not null,
  pgn_pseudoniem  char(64),
  doel            text not null,
  trace_id        text,
  uitkomst        text not null,
  vorige_hash     char(64) not null,
  hash            char(64) not null
);
create index audit_log_pseudoniem on audit_log (pgn_pseudoniem) where pgn_pseudoniem is not null;
create index audit_log_actor on audit_log (actor_oin, tijdstip);

-- The head of the chain, kept apart so that cutting records off the end is detected too.
create table audit_kop (
  id    integer primary key check (id = 1),
  seq   bigint not null,
  hash  char(64) not null
);

create function audit_log_alleen_toevoegen() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_alleen_toevoegen();

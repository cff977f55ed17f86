-- Centraal Aanmelden (spec §17), part 1: the catalogue, the registrations and the SIS link.

-- The catalogue as RIO publishes it: one aangeboden opleiding of an onderwijsaanbieder of an instelling,
-- imported from a file by the reference-data importer (soft-deleted when it leaves the file).
-- `leerweg` is RIO's one merged field of Leerweg and Default Intensiteit (BOL, BBL, EX, ODT).
create table ca_opleiding (
  aanbod_code          text primary key,
  brin                 char(4) not null,
  onderwijsaanbieder   text not null,
  wervingsnaam         text not null,
  crebo                char(5),
  leerweg              text not null check (leerweg in ('BOL', 'BBL', 'EX', 'ODT')),
  locatie              text not null,
  synthetisch          boolean not null default false,
  actief               boolean not null default true
);
create index ca_opleiding_brin on ca_opleiding (brin) where actief;

-- A cohort of an aangeboden opleiding: when it starts and when one may register for it.
create table ca_cohort (
  aanbod_code          text not null,
  cohort               text not null,
  instroommoment       date not null,
  aanmelden_van        date not null,
  aanmelden_tot        date not null,
  actief               boolean not null default true,
  primary key (aanbod_code, cohort)
);

-- Settings the instelling keeps itself (never overwritten by an import). A whitelist, when switched
-- on, limits the offer to the listed opleidingen; a toegangscode (numerus fixus) is stored as a hash;
-- a deeplink's returnUrl is honoured only for the instelling's allowed domains.
create table ca_instelling (
  brin                 char(4) primary key,
  whitelist_actief     boolean not null default false,
  toegestane_domeinen  text[] not null default '{}'
);
create table ca_whitelist (
  brin                 char(4) not null,
  aanbod_code          text not null,
  primary key (brin, aanbod_code)
);
create table ca_toegangscode (
  aanbod_code          text not null,
  cohort               text not null,
  code_hash            char(64) not null,
  primary key (aanbod_code, cohort)
);

-- A registration. `gegevens` holds the student's data and the opleiding as offered at submission. `ketenId` (8 digits, starting with 9) is the number of the aanmeldingId the
-- instelling uses towards the koppelpunt (`BRIN:ketenId`), unique per instelling.
create table ca_aanmelding (
  ca_keten_id          uuid primary key,
  keten_id             char(8) not null check (keten_id ~ '^9[0-9]{7}$'),
  brin                 char(4) not null,
  aanbod_code          text not null,
  cohort               text not null,
  onderwijsaanbieder   text not null,
  koppelpuntcode       text,
  pgn                  char(9) not null,
  status               text not null check (status in ('INGEDIEND', 'AO', 'OA', 'LI', 'LNI', 'AI')),
  status_tijdstip      timestamptz not null,
  gegevens             jsonb not null,
  ingediend_op         timestamptz not null,
  ingetrokken_op       timestamptz,
  unique (brin, keten_id)
);
create index ca_aanmelding_pgn on ca_aanmelding (pgn);
-- One open registration per student, opleiding and cohort, also when two submissions race.
create unique index ca_aanmelding_open on ca_aanmelding (pgn, aanbod_code, cohort) where status not in ('LNI', 'AI');
create index ca_aanmelding_ongerouteerd on ca_aanmelding (brin) where koppelpuntcode is null;

-- A koppelpunt: where one SIS of an instelling pulls its registrations. The code is case-sensitive
-- (usually the BRIN); `onderwijsaanbieders` empty means: every aanbieder of the instelling not served
-- by another koppelpunt of it.
create table ca_koppelpunt (
  koppelpuntcode       text primary key,
  brin                 char(4) not null,
  onderwijsaanbieders  text[] not null default '{}',
  actief               boolean not null default true
);
create index ca_koppelpunt_brin on ca_koppelpunt (brin);

-- What a SIS may pull: a new registration or a withdrawal. It stays until acknowledged; `opnieuw`
-- puts a registration back. `beschikbaar_vanaf` lets a requeue wait (spec: within 48 hours).
create table ca_sis_bericht (
  id                   bigserial primary key,
  ca_keten_id          uuid not null references ca_aanmelding (ca_keten_id) on delete cascade,
  koppelpuntcode       text,
  soort                text not null check (soort in ('aanmelding', 'intrekking')),
  klaargezet           timestamptz not null,
  beschikbaar_vanaf    timestamptz not null,
  opgehaald            timestamptz,
  bevestigd            timestamptz
);
create index ca_sis_bericht_open on ca_sis_bericht (koppelpuntcode, id) where bevestigd is null;
create index ca_sis_bericht_keten on ca_sis_bericht (ca_keten_id);

-- An error a SIS reported about one registration.
create table ca_sis_fout (
  id                   bigserial primary key,
  ca_keten_id          uuid not null references ca_aanmelding (ca_keten_id) on delete cascade,
  koppelpuntcode       text not null,
  melding              text not null,
  tijdstip             timestamptz not null
);
create index ca_sis_fout_keten on ca_sis_fout (ca_keten_id);

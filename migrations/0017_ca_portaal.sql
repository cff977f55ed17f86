-- Centraal Aanmelden part 2 (spec §17): the student portal's sessions and the instelling administrators.

-- A browser session of the student portal. The cookie holds a 256-bit random value; only its SHA-256
-- is stored. `pgn` is the BSN DigiD gave: it lives here, server-side, never in a cookie or a URL;
-- null while the login runs (`inlog` then holds the OIDC state, nonce and PKCE verifier). `concept`
-- is the registration the student is confirming; `terug_url` an allowed returnUrl of a deeplink.
-- A session goes with the student's environment (deleted on request or by retention): nothing of
-- the student stays behind in it.
create table ca_portaal_sessie (
  id_hash             char(64) primary key,
  pgn                 char(9) references ca_student (pgn) on delete cascade,
  csrf_geheim         text not null,
  inlog               jsonb,
  concept             jsonb,
  terug_url           text,
  aangemaakt          timestamptz not null,
  laatst_gezien       timestamptz not null
);
create index ca_portaal_sessie_pgn on ca_portaal_sessie (pgn);

-- The administrators of an instelling (CAMBO FAQ: at most two personal accounts per instelling).
-- Each account holds one of the instelling's two places: the unique (brin, plaats) with the check
-- on plaats makes a third account impossible, also for two additions at the same moment.
-- Password and TOTP as for the beheer console (scrypt hash; TOTP secret sealed with the hub's key).
create table ca_instellingsbeheerder (
  id                  bigserial primary key,
  brin                char(4) not null,
  plaats              smallint not null check (plaats in (1, 2)),
  gebruikersnaam      text not null unique,
  naam                text not null,
  wachtwoord_hash     text not null,
  totp_geheim         text not null,
  totp_laatste_stap   bigint not null default 0,
  mislukte_pogingen   integer not null default 0,
  geblokkeerd_tot     timestamptz,
  aangemaakt          timestamptz not null,
  unique (brin, plaats)
);

create table ca_instellingsbeheer_sessie (
  id_hash             char(64) primary key,
  beheerder_id        bigint not null references ca_instellingsbeheerder (id) on delete cascade,
  csrf_geheim         text not null,
  aangemaakt          timestamptz not null,
  laatst_gezien       timestamptz not null
);
create index ca_instellingsbeheer_sessie_beheerder on ca_instellingsbeheer_sessie (beheerder_id);

-- Login without DigiD (spec §17: only behind an access code): an instelling's administrator, having
-- checked who the student is, issues a code bound to the student's BSN. Only its SHA-256 is stored;
-- it logs in until `geldig_tot`, and goes with the student's environment.
create table ca_inlogcode (
  code_hash           char(64) primary key,
  pgn                 char(9) not null references ca_student (pgn) on delete cascade,
  brin                char(4) not null,
  uitgegeven_door     text not null,
  uitgegeven_op       timestamptz not null,
  geldig_tot          timestamptz not null
);
create index ca_inlogcode_pgn on ca_inlogcode (pgn);

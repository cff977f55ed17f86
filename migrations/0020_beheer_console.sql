-- The beheer console (spec §16): personal operator accounts with a second factor, and their sessions.

-- One account per person. The password is an scrypt hash; the TOTP secret is sealed with the hub's
-- secret key (the hub must read it to check a code, a database dump must not). `totp_laatste_stap`
-- is the last 30-second step a code was accepted for: a code is never accepted twice.
create table beheer_account (
  id                  bigserial primary key,
  gebruikersnaam      text not null unique,
  naam                text not null,
  rol                 text not null check (rol in ('beheerder', 'lezer')),
  wachtwoord_hash     text not null,
  totp_geheim         text not null,
  totp_laatste_stap   bigint not null default 0,
  mislukte_pogingen   integer not null default 0,
  geblokkeerd_tot     timestamptz,
  actief              boolean not null default true,
  aangemaakt          timestamptz not null default now()
);

-- A signed-in session. The cookie holds a 256-bit random value; only its SHA-256 is stored, so a
-- database dump gives no way in. `csrf_geheim` binds the forms' CSRF tokens to this session.
create table beheer_sessie (
  id_hash             char(64) primary key,
  account_id          bigint not null references beheer_account (id) on delete cascade,
  csrf_geheim         text not null,
  aangemaakt          timestamptz not null,
  laatst_gezien       timestamptz not null
);
create index beheer_sessie_account on beheer_sessie (account_id);

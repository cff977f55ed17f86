-- Centraal Aanmelden (spec §17): the statistics of multiple registrations and the retention term.

-- What deleted students contributed to the statistics of multiple registrations, per instroomjaar
-- (the year of the cohort's instroommoment), instelling and opleiding. A student goes with all own
-- registrations at once, so each was classified (one of several of the same student in that year,
-- at another instelling too) against the complete set just before deletion; live figures plus these
-- are the statistics, and they survive retention (spec §15, §17: "aggregates survive").
create table ca_statistiek_verwijderd (
  cyclus               int not null,
  brin                 char(4) not null,
  aanbod_code          text not null,
  aanmeldingen         int not null,
  meervoudig           int not null,
  meervoudig_elders    int not null,
  primary key (brin, cyclus, aanbod_code)
);

-- When the student was warned by e-mail that the environment will be deleted (spec §17); any later
-- activity clears it. `waarschuwing` says how: verstuurd, or why not (no mailer configured, no address).
alter table ca_student add column gewaarschuwd_op timestamptz;
alter table ca_student add column waarschuwing text;

-- A deleted student's open registration that the SIS already had stays as an anonymous remainder (no
-- PGN, no data) until the SIS acknowledged the withdrawal it must still pull (AVG art. 19: the
-- recipient hears of the erasure), at most 30 days.
alter table ca_aanmelding alter column pgn drop not null;
alter table ca_aanmelding add column verwijderd_op timestamptz;
alter table ca_aanmelding add constraint ca_aanmelding_rest check ((pgn is null) = (verwijderd_op is not null));
create index ca_aanmelding_rest_op on ca_aanmelding (verwijderd_op) where pgn is null;

-- The daily retention run: a day is claimed by one process (several hub processes share a database).
create table ca_bewaartermijn_run (
  dag                  date primary key,
  gestart              timestamptz not null,
  voltooid             timestamptz,
  uitkomst             jsonb
);

-- The report of every deletion (the daily run, a request): what went and the search afterwards for the
-- deleted students' PGNs in the Centraal Aanmelden tables; its hash is in the audit chain.
create table ca_bewaarverslag (
  id                   bigserial primary key,
  tijdstip             timestamptz not null,
  aanleiding           text not null check (aanleiding in ('bewaartermijn', 'verzoek')),
  verslag              text not null,
  hash                 char(64) not null
);

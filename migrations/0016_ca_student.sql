-- Centraal Aanmelden (spec §17): the student's own environment. A row exists from the first login (or
-- the first registration the front end submits); `laatste_activiteit` is the clock of retention: the
-- environment and its registrations go one year after the last activity (after an e-mail warning), an
-- environment without a submitted registration after three months, and at any time on request.
create table ca_student (
  pgn                  char(9) primary key,
  email                text,
  taal                 text not null default 'nl' check (taal in ('nl', 'en')),
  aangemaakt_op        timestamptz not null,
  laatste_activiteit   timestamptz not null
);
create index ca_student_activiteit on ca_student (laatste_activiteit);

-- Students who registered before this table existed get an environment as of their last registration.
insert into ca_student (pgn, email, aangemaakt_op, laatste_activiteit)
select distinct on (pgn) pgn, gegevens->>'email', ingediend_op, greatest(ingediend_op, status_tijdstip)
  from ca_aanmelding order by pgn, ingediend_op desc;

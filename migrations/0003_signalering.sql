-- Koppelpunt gemeenten: the cycle calendar, milestone runs, gemeente endpoints and signals.

-- Dates beheer changed for a cycle; the defaults of spec §3 apply to every milestone not listed.
create table cyclus_mijlpaal (
  cyclus        integer not null,
  mijlpaal      text not null,
  datum         date not null,
  gewijzigd_door varchar(20),
  gewijzigd     timestamptz not null,
  primary key (cyclus, mijlpaal)
);

-- One row per milestone run: a milestone is done once `voltooid` is set, and never runs again.
create table mijlpaal_uitvoering (
  cyclus        integer not null,
  mijlpaal      text not null,
  gestart       timestamptz not null,
  voltooid      timestamptz,
  uitkomst      jsonb,
  primary key (cyclus, mijlpaal)
);

-- The parts of a milestone (one per gemeente, school or institution), each committed with its
-- own output in one transaction: after a crash the run resumes and no part is produced twice.
create table mijlpaal_deel (
  cyclus        integer not null,
  mijlpaal      text not null,
  deel          text not null,
  aantal        integer not null,
  uitgevoerd    timestamptz not null,
  primary key (cyclus, mijlpaal, deel)
);

-- Where a gemeente's signals go: its own connection or a shared one (usually its RMC region).
create table gemeente_eindpunt (
  gemeentecode  char(4) primary key,
  ontvanger_oin varchar(20) not null references organisatie (oin),
  gewijzigd     timestamptz not null
);

-- Every signal sent to a gemeente (spec §7). `feit` names the fact it is about: unique, so no
-- signal is ever produced twice for the same fact.
create table signaal (
  id            uuid primary key,
  cyclus        integer not null,
  gemeentecode  char(4) not null,
  pgn           char(9) not null,
  type          text not null,
  reden         text,
  brin_mbo      char(4),
  aanmelding_id varchar(13),
  status        text,
  tijd          timestamptz not null,
  feit          text not null unique
);
create index signaal_gemeente on signaal (cyclus, gemeentecode, type);
create index signaal_pgn on signaal (cyclus, pgn);

-- Per pupil and cycle: which gemeente was signalled and which "condition" signal is open.
create table signaal_stand (
  cyclus        integer not null,
  pgn           char(9) not null,
  gemeentecode  char(4) not null,
  open_signaal  text,
  ingetrokken   boolean not null default false,
  bijgewerkt    timestamptz not null,
  primary key (cyclus, pgn)
);

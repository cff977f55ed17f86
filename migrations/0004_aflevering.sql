-- Push delivery of the outbox to webhooks (spec §10).

-- A party's push endpoint. Secrets are encrypted at rest (AES-256-GCM); several are active during a
-- key rotation and each signs every delivery.
create table webhook (
  oin           varchar(20) primary key references organisatie (oin),
  url           text not null,
  geheimen      jsonb not null,
  actief        boolean not null default true,
  uitgeschakeld timestamptz,
  reden         text,
  bijgewerkt    timestamptz not null
);

-- One delivery per outbox event for a party with an active webhook. The pupil's ordering key comes
-- along, so that one pupil's events go out in order while other pupils' are not held up.
create table aflevering (
  event_id          uuid primary key references uitgaand_bericht (event_id) on delete cascade,
  uitgaand_id       bigint not null,
  ontvanger_oin     varchar(20) not null,
  volgorde_sleutel  char(64),
  status            text not null default 'wacht' check (status in ('wacht', 'afgeleverd', 'dode-letter')),
  pogingen          integer not null default 0,
  eerste_poging     timestamptz,
  volgende_poging   timestamptz,
  afgeleverd        timestamptz,
  laatste_fout      text,
  -- Wall-clock time (the database's), for delivery latency; retries also run on wall-clock time.
  aangemaakt        timestamptz not null default now()
);
create index aflevering_wacht on aflevering (ontvanger_oin, uitgaand_id) where status = 'wacht';
create index aflevering_dood on aflevering (ontvanger_oin) where status = 'dode-letter';

-- Every attempt, successful or not.
create table afleverpoging (
  id            bigserial primary key,
  event_id      uuid not null,
  tijdstip      timestamptz not null,
  http_status   integer,
  duur_ms       integer not null,
  fout          text
);
create index afleverpoging_event on afleverpoging (event_id);

-- File uploads (spec §11): one per sender and file content (sha256), so a re-upload changes nothing.
create table upload (
  id            uuid primary key,
  afzender_oin  varchar(20) not null references organisatie (oin),
  soort         text not null check (soort in ('mbo-gangerberichten', 'aanmeldstatusberichten')),
  sha256        char(64) not null,
  cyclus        integer not null,
  status        text not null check (status in ('verwerken', 'klaar', 'mislukt')),
  rijen         integer not null default 0,
  verwerkt      integer not null default 0,
  verouderd     integer not null default 0,
  duplicaat     integer not null default 0,
  afgewezen     integer not null default 0,
  ontvangen     timestamptz not null,
  klaar         timestamptz,
  unique (afzender_oin, sha256)
);

-- Rejected rows: the row number and the problems (field names and reasons), never the row's content.
create table upload_afwijzing (
  upload_id     uuid not null references upload (id) on delete cascade,
  rij           integer not null,
  problemen     jsonb not null,
  primary key (upload_id, rij)
);

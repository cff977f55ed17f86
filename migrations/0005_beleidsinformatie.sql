-- Policy information (spec §15): anonymous aggregates, frozen per day, kept after the purge.
create table statistiek (
  cyclus      integer not null,
  dag         date not null,
  niveau      text not null,
  code        text not null,
  indicator   text not null,
  waarde      double precision,
  -- How many pupils (or registrations) the figure is based on: cells under 5 are shown as "<5".
  n           integer not null,
  primary key (cyclus, dag, niveau, code, indicator)
);
create index statistiek_lookup on statistiek (niveau, code, cyclus, dag);

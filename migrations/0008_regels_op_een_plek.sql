-- Rules of the spec that SQL needs, defined once here instead of repeated in every query (issue 11).
-- The TypeScript side of each lives next to it: valtOnderDeWet (koppelpunt-mbo/aanmeldstatus-bericht.ts)
-- and woontInNederlandseGemeente (leerling/derive.ts).

-- Part-time (ODT) registrations are outside the law (spec §5): they never count.
alter table aanmelding add column binnen_wet boolean generated always as (leertraject <> 'ODT') stored;

-- A pupil the hub can signal to a gemeente: living in the Netherlands (6030) in a known gemeente, not RNI (1999).
alter table leerling add column signaleerbaar boolean generated always as (woonland = '6030' and woongemeente is not null and woongemeente <> '1999') stored;
create index leerling_signaleerbaar on leerling (cyclus, woongemeente) where potentiele_mbo_ganger and signaleerbaar;

-- A vo-school that delivers mbo-gangers (vmbo or pro in its DUO onderwijsstructuur): the population of
-- the 2 Feb reminder and of beheer's Volledigheid, counted the same everywhere.
alter table vo_school add column levert_mbo_gangers boolean generated always as (coalesce(onderwijsstructuur ~ '(VBO|MAVO|PRO)', false)) stored;

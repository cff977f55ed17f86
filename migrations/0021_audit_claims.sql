-- Beheer's list of claims (a school reporting a pupil another school reported first, issue 13.7) counts
-- one action of the audit log per cycle on every view of the console's Overzicht: without an index that
-- is a scan of the whole log. Only claim records enter this index, so the distributor's chain writes
-- pay for it only when a claim happens. The action name is CLAIM_ACTIE (src/koppelpunt-vo/mbo-ganger-bericht.ts).
create index audit_log_claim on audit_log (tijdstip) where actie = 'leerling-van-andere-school-gemeld';

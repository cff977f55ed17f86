-- Issue 12 (1): every event for a school is copied, in the same transaction, to the suppliers holding
-- a valid mandate of that school (spec §10). The distributor looks them up by school, per batch.
create index mandaat_school on mandaat (school_oin);

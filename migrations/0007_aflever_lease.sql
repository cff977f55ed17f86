-- Push delivery without a job queue (issue 11): a recipient is drained by one process at a time.
-- A process holds a recipient's lease while it drains, renewing it every round; a process that dies
-- loses its leases when they expire, and another takes over. Attempts, backoff and dead letters stay
-- in aflevering and afleverpoging, the one state machine of a delivery.
create table aflever_lease (
  ontvanger_oin varchar(20) primary key,
  proces        uuid not null,
  tot           timestamptz not null
);
-- An attempt is recorded when it starts and completed when it ends: a kill in between leaves a trace.
alter table afleverpoging add column klaar boolean not null default true;

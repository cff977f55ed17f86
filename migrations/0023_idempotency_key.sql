-- The Idempotency-Key of a POST that creates or changes something without a key of its own in the
-- request (draft-ietf-httpapi-idempotency-key-header): Centraal Aanmelden's registration and
-- withdrawal (spec §17). A resend after a lost answer gets the first answer again instead of a second
-- registration or a conflict. Written in the transaction of the change it answers, kept 24 hours.
create table idempotency_key (
  sender_oin    varchar(20) not null,
  key           text not null,
  -- A keyed hash (the pseudonym key) of the request body: a resend with another body is refused, and
  -- the body itself (with its BSN) is not kept.
  request_hash  char(64) not null,
  status        smallint not null,
  answer        jsonb not null,
  created       timestamptz not null,
  primary key (sender_oin, key)
);
create index idempotency_key_created on idempotency_key (created);

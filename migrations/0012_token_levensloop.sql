-- Issue 12 (7): a token's lifecycle. A token may have an end (`verloopt`, set when issued or later); after
-- it, the token no longer authenticates. Who revoked a token is kept beside when (the audit log has both too).
alter table api_token add column verloopt timestamptz;
alter table api_token add column ingetrokken_door text;

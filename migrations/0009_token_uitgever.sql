-- Issue 13 (6): a token that beheer issues for another organisation's systems names its issuer, so every
-- read made with it is audited with the issuer too (spec §12: beheer sees no PGN without it showing).
alter table api_token add column uitgegeven_door text;

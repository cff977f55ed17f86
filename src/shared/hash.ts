import { createHash } from 'node:crypto';

/** SHA-256 of a text as 64 hex characters: how the hub stores tokens, session ids and report texts. */
export const sha256Hex = (tekst: string): string => createHash('sha256').update(tekst).digest('hex');

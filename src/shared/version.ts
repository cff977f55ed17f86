import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config/config.ts';

/** The hub's version: package.json's, read once (the same file for the sources and the compiled build). */
export const VERSION: string = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Sent on every request the hub makes (pushes, the webhook handshake), so a receiver's logs say who called. */
export const USER_AGENT = `open-vva/${VERSION}`;

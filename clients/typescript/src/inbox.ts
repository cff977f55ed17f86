import type { VvaClient } from './client.ts';
import { unwrap } from './client.ts';
import type { paths } from './generated/schema.ts';

/** One page of `GET /berichten`: the party's outgoing events (CloudEvents) and the cursor after them. */
export type BerichtenPagina = paths['/berichten']['get']['responses'][200]['content']['application/json'];
/** One event in a party's inbox (spec §10), as the document types it. */
export type Bericht = BerichtenPagina['berichten'][number];

export interface InboxOptions {
  /** The cursor to start after: the `volgende` of the last page the caller finished (stored by the caller). */
  na?: string;
  /** Events per page, 1–1,000. */
  limit?: number;
}

/**
 * The inbox page by page, until a page comes back empty. Asking for the next page with `na` set to the
 * previous page's `volgende` acknowledges that page (spec §10), so a caller that stops halfway (a crash)
 * gets the unfinished page again: store `volgende` only after handling its page.
 */
export async function* pullBerichten(client: VvaClient, opts: InboxOptions = {}): AsyncGenerator<BerichtenPagina> {
  let na = opts.na;
  for (;;) {
    const pagina = await unwrap(client.GET('/berichten', { params: { query: { limit: opts.limit ?? 1000, ...(na ? { na } : {}) } } }));
    if (pagina.berichten.length === 0) return;
    yield pagina;
    na = pagina.volgende;
  }
}

import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/schema.ts';

/** The hub's API, typed from its OpenAPI document; paths as in the document (relative to `/api/v1`). */
export type VvaClient = Client<paths, 'application/json'>;

export interface VvaClientOptions {
  /** The hub's base URL, e.g. `https://vva.example.nl` (the client adds `/api/v1`). */
  hub: string;
  /**
   * The API token beheer issued; a function is asked before every request, so a rotated token needs no new client.
   * Omitted: no Authorization header, for a client that authenticates with its certificate (mutual TLS, spec §2).
   */
  token?: string | (() => string | Promise<string>);
  /** Another fetch (e.g. undici's with a client certificate for mutual TLS); default: the global one. */
  fetch?: typeof globalThis.fetch;
}

/** A typed client for one party: with a token, every call carries `Authorization: Bearer <token>`; without, none. */
export function createVvaClient(opts: VvaClientOptions): VvaClient {
  const client = createClient<paths, 'application/json'>({ baseUrl: `${opts.hub.replace(/\/+$/, '')}/api/v1`, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  if (opts.token !== undefined) client.use(bearer(opts.token));
  return client;
}

function bearer(token: NonNullable<VvaClientOptions['token']>): Middleware {
  return {
    async onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${typeof token === 'string' ? token : await token()}`);
    },
  };
}

/** RFC 9457 problem details as the hub answers them (spec §18). */
export type Problem = components['schemas']['Problem'];

/** A non-2xx answer: the status, and the problem details when the hub sent them. */
export class VvaApiError extends Error {
  constructor(readonly status: number, readonly url: string, readonly problem: Problem | undefined, text: string) {
    super(`${url}: ${status} ${text.slice(0, 2000)}`);
    this.name = 'VvaApiError';
  }
}

/**
 * The data of a successful call, or a VvaApiError. openapi-fetch returns errors as values; most
 * callers (a batch sender, a sync job) want an exception instead, with the problem text in it.
 */
export async function unwrap<D, E>(call: Promise<{ data?: D; error?: E; response: Response }>): Promise<D> {
  const { data, error, response } = await call;
  // Decided on the status: openapi-fetch leaves `error` undefined for an error without a body.
  if (!response.ok) throw new VvaApiError(response.status, response.url, error as Problem | undefined, error === undefined ? '' : JSON.stringify(error));
  return data as D;
}

/**
 * Whether the hub answers `GET /health` with 200. The health check lives outside `/api/v1` and out of
 * the document (spec §18), so it is the one call that does not go through the typed client.
 */
export async function isHealthy(hub: string, fetchImpl: typeof globalThis.fetch = globalThis.fetch): Promise<boolean> {
  return fetchImpl(`${hub.replace(/\/+$/, '')}/health`).then((r) => r.ok, () => false);
}

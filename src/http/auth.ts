import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, IdentityService } from '../identity/service.ts';
import type { Soort } from '../identity/oin.ts';
import { VvaError } from '../shared/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    traceId: string;
  }
  interface FastifyContextConfig {
    /** Reachable without credentials. Deny by default: only a route that says so is public. */
    public?: boolean;
  }
  interface FastifyInstance {
    /** Every registered route with whether it is public: what the gate is tested against. */
    routeTable: { method: string; url: string; public: boolean }[];
  }
}

/** Route options of a route that needs no credentials (health, metrics, the OpenAPI document). */
export const PUBLIC_ROUTE = { public: true } as const;

/** The OIN in the Subject serialNumber of a verified client certificate (PKIoverheid style), if any. */
export function certificateOin(req: FastifyRequest): string | null {
  const socket = req.raw.socket as TLSSocket;
  if (!socket.encrypted || !socket.authorized) return null;
  const serial = socket.getPeerCertificate()?.subject?.serialNumber;
  return typeof serial === 'string' ? serial : null;
}

/**
 * Maps every API request to exactly one acting organisation, or refuses it with 401 (spec §2).
 * A verified client certificate wins over a bearer token.
 */
export function registerAuthentication(app: FastifyInstance, identity: IdentityService) {
  app.decorateRequest('actor', null as unknown as Actor);
  const routeTable: FastifyInstance['routeTable'] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, public: route.config?.public === true });
  });
  app.addHook('onRequest', async (req) => {
    // Decided on the route the router chose, never on the raw URL: the router decodes `%61pi` to `api`.
    // No route matched: the not-found handler answers 404 and no handler runs.
    if (!req.routeOptions.url || req.routeOptions.config.public) return;
    const oin = certificateOin(req);
    let actor: Actor | null = null;
    if (oin) {
      actor = await identity.authenticateCertificate(oin);
      if (!actor) throw VvaError.unauthorized('Het client-certificaat hoort niet bij een bekende, actieve organisatie.');
    } else {
      const header = req.headers.authorization;
      // RFC 9110 §11.1: the scheme is case-insensitive (`bearer`, `BEARER`).
      const token = /^bearer +(\S+) *$/i.exec(header ?? '')?.[1];
      if (token) actor = await identity.authenticateToken(token);
      if (!actor) throw VvaError.unauthorized(token ? 'Het token is onbekend, verlopen of ingetrokken.' : undefined);
    }
    req.actor = actor;
  });
}

/** Refuses (403) unless the acting organisation is of one of the given kinds. */
export function requireSoort(req: FastifyRequest, ...soorten: Soort[]): Actor {
  if (!soorten.includes(req.actor.soort)) {
    throw VvaError.forbidden(`Alleen voor ${soorten.join(', ')}; u bent aangemeld als ${req.actor.soort}.`);
  }
  return req.actor;
}

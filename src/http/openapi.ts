import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { GEDEELDE_ANTWOORDEN, problemSchema, voegFoutenToe } from './openapi-fouten.ts';

export const API_VERSION = '1.0.0';
const PREFIX = '/api/v1';

type Json = Record<string, any>;

export async function registerOpenApi(app: FastifyInstance) {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'open-vva — Voorziening Vroegtijdig Aanmelden mbo',
        version: API_VERSION,
        description: 'De landelijke uitwisseling van mbo-gangers, aanmeldstatussen en signalen tussen vo-scholen, mbo-instellingen en gemeenten.',
        contact: { name: 'open-vva', email: 'beheer@open-vva.example', url: 'https://open-vva.example' },
        license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
      },
      servers: [{ url: PREFIX, description: 'deze hub' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API-token uitgegeven door beheer' },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas with an id (the events of the inbox, outbox/events.ts) become components that operations refer to.
    transformObject: jsonSchemaTransformObject,
  });
}

/**
 * The document as the NL API Design Rules want it: paths relative to the versioned server URL, an
 * API-Version header on every success response, and every error answer the hub gives, each as
 * problem+json (openapi-fouten.ts).
 */
export function finaliseOpenApi(raw: Json): Json {
  const doc: Json = structuredClone(raw);
  // @fastify/swagger already writes paths relative to the server URL (/api/v1).
  for (const item of Object.values<Json>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<Json>(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      op.responses ??= {};
      for (const [code, res] of Object.entries<Json>(op.responses)) {
        if (/^[23]/.test(code)) res.headers = { ...(res.headers ?? {}), 'API-Version': { $ref: '#/components/headers/API-Version' } };
        if (/^[45]/.test(code)) res.content = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
      }
      // A body the route reads as a stream (the CSV upload) has no schema Fastify knows: the route describes it.
      if (op['x-request-body']) op.requestBody ??= op['x-request-body'];
      delete op['x-request-body'];
      voegFoutenToe(op);
    }
  }
  doc.components ??= {};
  // OpenAPI 3.1's mutualTLS scheme; the swagger plugin's types predate it, so it is added here.
  doc.components.securitySchemes = {
    ...(doc.components.securitySchemes ?? {}),
    mtls: { type: 'mutualTLS', description: 'PKIoverheid-achtig client-certificaat; OIN in Subject serialNumber' },
  };
  doc.security = [{ bearer: [] }, { mtls: [] }];
  doc.components.schemas = { ...(doc.components.schemas ?? {}), Problem: problemSchema };
  doc.components.responses = GEDEELDE_ANTWOORDEN;
  pruneUnusedInputs(doc);
  doc.components.headers = {
    'API-Version': { description: 'De volledige versie van de API', schema: { type: 'string', examples: [API_VERSION] } },
  };
  return doc;
}

/**
 * The zod transform writes every schema with an id twice, as read (`…Input`) and as written; the
 * events only appear in answers, so input copies that nothing reaches are dropped.
 */
function pruneUnusedInputs(doc: Json) {
  const schemas: Json = doc.components.schemas;
  const refsIn = (v: unknown) => [...JSON.stringify(v).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
  const reached = new Set<string>();
  const todo = [...refsIn(doc.paths), ...Object.keys(schemas).filter((name) => !name.endsWith('Input'))];
  while (todo.length > 0) {
    const name = todo.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    todo.push(...refsIn(schemas[name] ?? {}));
  }
  for (const name of Object.keys(schemas)) if (!reached.has(name)) delete schemas[name];
}

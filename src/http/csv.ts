import type { FastifyReply } from 'fastify';

/** Sends a CSV body as is: the route's JSON response schema does not apply to the CSV form. */
export function sendCsv(reply: FastifyReply, csv: string): void {
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'api-version': String(reply.getHeader('api-version')) });
  reply.raw.end(csv);
}

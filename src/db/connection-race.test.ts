import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTransientDbError } from './errors.ts';
import { openPostgres } from './postgres.ts';

const url = process.env.DATABASE_URL;

/** PostgreSQL's ErrorResponse for pg_terminate_backend: severity, code and message fields. */
function fatal57P01(): Buffer {
  const fields = Buffer.from('SFATAL\0VFATAL\0C57P01\0Mterminating connection due to administrator command\0\0');
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

/**
 * A proxy that, on the first connection only, appends the FATAL of a terminated backend to the
 * server's first ReadyForQuery, in the same write: what the server does when pg_terminate_backend
 * strikes just as the connection became ready (seen in CI, where it ended a hub process).
 */
async function injectingProxy(target: URL) {
  let connections = 0;
  const server = net.createServer((client) => {
    const first = connections++ === 0;
    const backend = net.connect(Number(target.port || 5432), target.hostname);
    client.on('error', () => backend.destroy());
    backend.on('error', () => client.destroy());
    client.pipe(backend);
    if (!first) return void backend.pipe(client);
    let pending = Buffer.alloc(0);
    backend.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      // Walk whole messages (type byte, int32 length); the startup packet's answer has no SSL byte here.
      for (let at = 0; at + 5 <= pending.length; ) {
        const end = at + 1 + pending.readInt32BE(at + 1);
        if (end > pending.length) break;
        if (pending[at] === 0x5a /* Z */) {
          client.end(Buffer.concat([pending.subarray(0, end), fatal57P01()]));
          backend.destroy();
          return;
        }
        at = end;
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const proxied = new URL(target);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return { url: proxied.toString(), close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.skipIf(!url)('a connection cut as it becomes ready', () => {
  let proxy: Awaited<ReturnType<typeof injectingProxy>>;
  beforeAll(async () => (proxy = await injectingProxy(new URL(url!))));
  afterAll(async () => proxy.close());

  it('fails only the transaction that had it, with a retryable error, reports it once and keeps the process alive', async () => {
    const lost: Error[] = [];
    const db = openPostgres(proxy.url, { max: 1, onConnectionError: (err) => lost.push(err) });
    try {
      const err = await db.transaction((tx) => tx.query('select 1')).catch((e: unknown) => e);
      expect(isTransientDbError(err)).toBe(true);
      expect(lost.map((e) => (e as Error & { code?: string }).code)).toEqual(['57P01']);
      // The broken connection was not put back: the next transaction gets a new one and works.
      expect((await db.transaction((tx) => tx.query<{ n: number }>('select 2 as n'))).rows).toEqual([{ n: 2 }]);
    } finally {
      await db.close();
    }
  });
});

import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import type { SessionLock } from './session-lock.ts';

/**
 * How long the hub waits for a socket client that holds the session (inside a transaction, or between
 * the messages of one extended-protocol query) and sends nothing. Every hub request waits meanwhile, so
 * the client is cut off and its transaction rolled back, as PostgreSQL's
 * idle_in_transaction_session_timeout would. A CLI command sends its next statement within milliseconds;
 * the slowest gap, reading a DUO file of 6,000 rows between two statements, is well under a second.
 */
export const IDLE_HOLD_MS = 10_000;

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** PostgreSQL's own limit on a startup packet (MAX_STARTUP_PACKET_LENGTH). */
const MAX_STARTUP = 10_000;
/** ReadyForQuery with status 'I': the backend finished a cycle and is outside any transaction. */
const READY_IDLE = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
/** Messages after which a cycle can end (simple query, Sync, CopyDone, CopyFail). */
const CYCLE_ENDS = new Set(['Q', 'S', 'c', 'f'].map((c) => c.charCodeAt(0)));
const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);
const ROLLBACK = (() => {
  const sql = Buffer.from('ROLLBACK\0');
  const msg = Buffer.alloc(5 + sql.length, 0x51);
  msg.writeInt32BE(4 + sql.length, 1);
  sql.copy(msg, 5);
  return msg;
})();

export interface EmbeddedSocket {
  stop(): Promise<void>;
}

/**
 * Serves the embedded database over the PostgreSQL wire protocol on a Unix socket, so that CLI commands
 * reach the running hub's database. Unlike a plain bridge, a client gets the session exclusively for as
 * long as it needs it to be a session of its own: from its first message until the backend is idle
 * outside a transaction again. Meanwhile the hub's queries wait (the SessionLock), and so do other
 * clients; a client that disconnects or idles while holding it is rolled back and the session released.
 */
export async function serveEmbeddedSocket(pglite: PGlite, session: SessionLock, path: string, opts: { idleHoldMs?: number; onCutOff?: () => void } = {}): Promise<EmbeddedSocket> {
  const idleHoldMs = opts.idleHoldMs ?? IDLE_HOLD_MS;
  const connections = new Set<Promise<void>>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const done = serveConnection(socket).finally(() => {
      sockets.delete(socket);
      connections.delete(done);
    });
    connections.add(done);
  });

  async function serveConnection(socket: Socket): Promise<void> {
    let buffered = Buffer.alloc(0);
    let started = false;
    let release: (() => void) | undefined;
    let idle: NodeJS.Timeout | undefined;
    let tail = Buffer.alloc(0);
    // Messages run one after another, in order; the chain ends when the socket does.
    let chain = Promise.resolve();
    const closed = new Promise<void>((resolve) => socket.once('close', resolve));
    socket.on('error', () => socket.destroy());

    const run = async (message: Buffer, startup: boolean) => {
      if (socket.destroyed) return;
      clearTimeout(idle);
      release ??= await session.acquire();
      if (socket.destroyed) return;
      tail = Buffer.alloc(0);
      await pglite.runExclusive(() => pglite.execProtocolRawStream(message, {
        onRawData: (data) => {
          // PGlite reuses its buffer: copy before the write is queued.
          if (!socket.destroyed) socket.write(Buffer.from(data));
          tail = Buffer.concat([tail, Buffer.from(data.subarray(Math.max(0, data.length - READY_IDLE.length)))]).subarray(-READY_IDLE.length);
        },
      }));
      const cycleOver = startup || (CYCLE_ENDS.has(message[0]!) && tail.equals(READY_IDLE) && !pglite.isInTransaction());
      if (cycleOver) {
        release();
        release = undefined;
      } else {
        idle = setTimeout(() => {
          opts.onCutOff?.();
          socket.destroy();
        }, idleHoldMs);
      }
    };

    // A message that fails (PGlite refusing a startup packet, say) ends the connection; the cleanup below runs.
    const queue = (message: Buffer, startup: boolean) => {
      chain = chain.then(() => run(message, startup)).catch(() => void socket.destroy());
    };

    socket.on('data', (data) => {
      buffered = Buffer.concat([buffered, data]);
      for (;;) {
        if (!started) {
          if (buffered.length < 8) return;
          const length = buffered.readInt32BE(0);
          const code = buffered.readInt32BE(4);
          if (length < 8 || length > MAX_STARTUP) return void socket.destroy(); // not a PostgreSQL client
          if (buffered.length < length) return;
          const message = buffered.subarray(0, length);
          buffered = buffered.subarray(length);
          // No TLS on a local socket: say so, and the client goes on in plain text.
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) socket.write('N');
          // PGlite has no second backend to interrupt; the client's query just finishes.
          else if (code === CANCEL_REQUEST) socket.end();
          else {
            started = true;
            queue(message, true);
          }
          continue;
        }
        if (buffered.length < 5) return;
        const length = 1 + buffered.readInt32BE(1);
        if (length < 5) return void socket.destroy();
        if (buffered.length < length) return;
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        if (message[0] === 0x58) socket.end(); // Terminate
        else queue(message, false);
      }
    });

    await closed;
    // Whatever was running finishes first; then a session left mid-query or mid-transaction is brought
    // back to idle (a Sync ends an extended-protocol cycle, so that the ROLLBACK is not ignored).
    await chain;
    clearTimeout(idle);
    if (!release) return;
    try {
      const discard = { onRawData: () => undefined };
      await pglite.runExclusive(async () => {
        await pglite.execProtocolRawStream(SYNC, discard);
        if (pglite.isInTransaction()) await pglite.execProtocolRawStream(ROLLBACK, discard);
      });
    } finally {
      release();
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return {
    async stop() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await Promise.all(connections);
      await closing;
    },
  };
}

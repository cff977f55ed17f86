import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * A cap on open connections that keeps room for new clients (issue 13 point 4: 21,000 idle sockets
 * used up the descriptors and `/health` went unanswered). Node refuses connections beyond
 * `server.maxConnections`; below that, from 90 % of the cap on, each new connection closes the
 * longest-open connection that has no request in flight. Sockets that only hold a descriptor give way
 * to ones that send requests; busy ones are never cut.
 */
export function capConnections(server: Server, maxConnections: number, opts: { tls: boolean; registry: Registry }) {
  server.maxConnections = maxConnections;
  const evicted = new Counter({ name: 'vva_http_verbindingen_gesloten_total', help: 'Idle connections closed to make room for new ones (connection cap)', registers: [opts.registry] });
  new Gauge({ name: 'vva_http_verbindingen', help: 'Open HTTP connections', registers: [opts.registry], collect() { this.set(open.size); } });
  const soft = Math.max(1, Math.floor(maxConnections * 0.9));
  // Insertion order is age order; the value counts requests in flight on the socket.
  const open = new Map<Socket, number>();
  const track = (socket: Socket) => {
    open.set(socket, 0);
    socket.once('close', () => open.delete(socket));
    if (open.size <= soft) return;
    for (const [old, busy] of open) {
      if (busy === 0 && old !== socket) {
        old.destroy();
        open.delete(old);
        evicted.inc();
        return;
      }
    }
  };
  // With TLS the request's socket is the TLS socket: count that one (a socket that never finishes the
  // handshake is cut by the handshake timeout).
  server.on(opts.tls ? 'secureConnection' : 'connection', track);
  server.on('request', (req, res) => {
    const socket = req.socket;
    if (!open.has(socket)) return;
    open.set(socket, open.get(socket)! + 1);
    res.once('close', () => {
      if (open.has(socket)) open.set(socket, Math.max(0, open.get(socket)! - 1));
    });
  });
  return { openConnections: () => open.size };
}

import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * The simulator's load balancer in front of a hub of several processes (spec §19): round robin per
 * TCP connection, so TLS (and a client certificate) passes through to the process untouched. A
 * process that is down (killed, restarting) refuses the connection and the next one is tried; a
 * connection cut mid-request is the client's to retry, as behind any real balancer.
 */
export class RoundRobinProxy {
  private server!: Server;
  private volgende = 0;
  private readonly open = new Set<Socket>();
  private readonly backendVan = new WeakMap<Socket, Socket>();
  port = 0;
  /** Connections a process refused and that went to the next one (a killed process, seen from outside). */
  omgeleid = 0;

  constructor(private readonly poorten: () => number[]) {}

  async start(): Promise<this> {
    this.server = createServer((client) => {
      this.open.add(client);
      client.once('close', () => this.open.delete(client));
      client.on('error', () => client.destroy());
      client.once('close', () => this.backendVan.get(client)?.destroy());
      client.pause();
      this.verbind(client, this.poorten().length);
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  private verbind(client: Socket, pogingen: number): void {
    const poorten = this.poorten();
    const port = poorten[this.volgende++ % poorten.length]!;
    const backend = connect(port, '127.0.0.1');
    this.backendVan.set(client, backend);
    this.open.add(backend);
    backend.once('close', () => this.open.delete(backend));
    let verbonden = false;
    backend.once('connect', () => {
      verbonden = true;
      client.pipe(backend).pipe(client);
      client.resume();
    });
    backend.on('error', () => {
      if (verbonden || client.destroyed) return void client.destroy();
      if (pogingen > 1) {
        this.omgeleid++;
        return this.verbind(client, pogingen - 1);
      }
      // Every process down: try again shortly rather than fail a client that would only retry.
      setTimeout(() => (client.destroyed ? undefined : this.verbind(client, poorten.length)), 100);
    });
  }

  stop(): Promise<void> {
    for (const s of this.open) s.destroy();
    return new Promise((r) => this.server.close(() => r()));
  }
}

import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface Ontvangst {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** Every request header as received (a verification library takes them as they are). */
  headers: IncomingHttpHeaders;
  event: { id: string; type: string; data: Record<string, unknown> };
  at: number;
  answered: number;
}

/** A real webhook receiver on localhost whose answers a test programs per request. */
export class Receiver {
  readonly received: Ontvangst[] = [];
  options: (req: IncomingMessage, res: ServerResponse) => void = (req, res) => {
    res.setHeader('WebHook-Allowed-Origin', '*');
    res.end();
  };
  answer: (o: Omit<Ontvangst, 'answered'>, res: ServerResponse) => number = () => 200;
  /** Milliseconds before the answer goes out (a slow endpoint); 0: at once. */
  delay: (o: Omit<Ontvangst, 'answered'>) => number = () => 0;
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      if (req.method === 'OPTIONS') return this.options(req, res);
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const o = {
          id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']),
          body, headers: req.headers, event: JSON.parse(body), at: Date.now(),
        };
        const status = this.answer(o, res);
        this.received.push({ ...o, answered: status });
        const end = () => {
          if (!res.headersSent) res.statusCode = status;
          res.end();
        };
        const ms = this.delay(o);
        if (ms > 0) setTimeout(end, ms);
        else end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/vva`;
    return this;
  }

  /** Successful receipts, in arrival order. */
  get ok() {
    return this.received.filter((r) => r.answered >= 200 && r.answered < 300 && r.event.type !== 'nl.vva.webhook.test.v1');
  }

  async waitFor(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`receiver: condition not met in ${timeoutMs} ms (received ${this.received.length})`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  stop(): Promise<void> {
    this.server.closeAllConnections?.();
    return new Promise((r) => this.server.close(() => r()));
  }
}

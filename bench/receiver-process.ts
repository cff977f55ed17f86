import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';

/**
 * A webhook receiver in a process of its own, as a real one is: in the hub's process it would share
 * one event loop with the hub and make every delivery look slower than it is. It answers 200 and keeps,
 * per receipt, the event type, the pupil and the arrival time (Date.now(): one clock for all processes
 * of the machine); the bench asks for them over IPC.
 */
export interface Aankomst { type: string; pgn: string | null; at: number }

/** The hub's test ping when a webhook is registered: not an event of the exchange. */
const TEST_EVENT = 'nl.vva.webhook.test.v1';

type Vraag = { id: number; soort: 'tel' | 'aankomsten' | 'leeg'; type?: string };

export class ReceiverProcess {
  url = '';
  private child!: ChildProcess;
  private volgende = 0;
  private readonly wachtend = new Map<number, (v: unknown) => void>();

  async start(): Promise<this> {
    this.child = fork(new URL(import.meta.url), ['--receiver-child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: { id: number; antwoord: unknown }) => {
      this.wachtend.get(m.id)?.(m.antwoord);
      this.wachtend.delete(m.id);
    });
    this.url = await this.vraag<string>({ soort: 'tel', type: '__url' });
    return this;
  }

  private vraag<T>(v: Omit<Vraag, 'id'>): Promise<T> {
    const id = this.volgende++;
    return new Promise((resolve) => {
      this.wachtend.set(id, resolve as (v: unknown) => void);
      this.child.send({ ...v, id });
    });
  }

  count(type?: string): Promise<number> { return this.vraag({ soort: 'tel', type }); }
  arrivals(): Promise<Aankomst[]> { return this.vraag({ soort: 'aankomsten' }); }
  reset(): Promise<void> { return this.vraag({ soort: 'leeg' }); }

  async waitFor(n: number, type?: string, timeoutMs = 300_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.count(type)) < n) {
      if (Date.now() > deadline) throw new Error(`receiver: ${n} receipts not reached in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill();
    await exited;
  }
}

// The child: a plain node:http server, nothing else on its event loop.
if (process.argv.includes('--receiver-child')) {
  const aankomsten: Aankomst[] = [];
  const server = createServer((req, res) => {
    const delen: Buffer[] = [];
    req.on('data', (c: Buffer) => delen.push(c));
    req.on('end', () => {
      const at = Date.now();
      try {
        const e = JSON.parse(Buffer.concat(delen).toString()) as { type?: string; data?: { pgn?: string } };
        aankomsten.push({ type: e.type ?? '', pgn: e.data?.pgn ?? null, at });
      } catch {
        aankomsten.push({ type: '', pgn: null, at });
      }
      res.end();
    });
  });
  const luistert = new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as { port: number }).port}/vva`)));
  // Registered at once: a question that came before the server listened waits for it.
  process.on('message', async (v: Vraag) => {
    const url = await luistert;
    const geteld = aankomsten.filter((a) => (v.type ? a.type === v.type : a.type !== TEST_EVENT));
    const antwoord = v.soort === 'aankomsten' ? aankomsten.filter((a) => a.type !== TEST_EVENT)
      : v.soort === 'leeg' ? void (aankomsten.length = 0)
      : v.type === '__url' ? url
      : geteld.length;
    process.send!({ id: v.id, antwoord });
  });
  process.on('SIGTERM', () => process.exit(0));
}

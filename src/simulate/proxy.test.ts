import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { RoundRobinProxy } from './proxy.ts';
import { rondes } from './verzenden.ts';
import type { SimBericht } from './scenario.ts';

const servers: Server[] = [];
let proxy: RoundRobinProxy | undefined;
afterEach(async () => {
  await proxy?.stop();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function backend(naam: string): Promise<number> {
  const s = createServer((_, res) => res.end(naam));
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as { port: number }).port;
}

/** A port nothing listens on: a killed process, seen from the proxy. */
async function dichtePoort(): Promise<number> {
  const port = await backend('weg');
  await new Promise((r) => servers.pop()!.close(r));
  return port;
}

describe('the round-robin proxy', () => {
  it('spreads new connections over the processes in turn and skips one that is down', async () => {
    const poorten = [await backend('a'), await dichtePoort(), await backend('c')];
    proxy = await new RoundRobinProxy(() => poorten).start();
    const antwoorden: string[] = [];
    // A new connection per request (no keep-alive), as after a process was killed.
    for (let i = 0; i < 6; i++) antwoorden.push(await (await fetch(`http://127.0.0.1:${proxy.port}/`, { headers: { connection: 'close' } })).text());
    expect(new Set(antwoorden)).toEqual(new Set(['a', 'c']));
    expect(antwoorden.filter((x) => x === 'a').length).toBeGreaterThanOrEqual(2);
    expect(proxy.omgeleid).toBeGreaterThan(0);
  });
});

describe('rounds of a group of days', () => {
  const b = (pgn: string, dag: number) => ({ soort: 'melding', pgn, dag }) as SimBericht;

  it('hold at most one message per pupil, and a pupil’s messages in the order of its days', () => {
    const r = rondes([b('1', 1), b('2', 1), b('1', 2), b('3', 2), b('1', 3), b('2', 4)]);
    expect(r.map((x) => x.map((m) => `${m.pgn}@${m.dag}`))).toEqual([['1@1', '2@1', '3@2'], ['1@2', '2@4'], ['1@3']]);
  });
});

/**
 * What a local webhook receiver takes alone: POSTs/s with fetch and with undici's request, at several
 * concurrencies; the receiver at `url` (B3 gives its receiver process), else one in this process. The
 * ceiling for B3's delivery rate on this machine.
 */
import { Agent, request } from 'undici';
import { Receiver } from '../test/receiver.ts';
import { mapLimit } from '../src/shared/parallel.ts';

export async function receiverRate(n = 10_000, url?: string): Promise<{ client: string; concurrency: number; perSecond: number }[]> {
  const r = url ? null : await new Receiver().start();
  const target = url ?? r!.url;
  const body = JSON.stringify({ specversion: '1.0', id: 'x', type: 't', data: { pgn: '123456782', x: 'y'.repeat(200) } });
  const headers = { 'content-type': 'application/cloudevents+json', 'webhook-id': '1', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' };
  const dispatcher = new Agent({ connections: 64 });
  const out: { client: string; concurrency: number; perSecond: number }[] = [];
  for (const client of ['fetch', 'undici.request'] as const) {
    for (const concurrency of [16, 64]) {
      const t0 = performance.now();
      await mapLimit(Array.from({ length: n }, (_, i) => i), concurrency, async () => {
        if (client === 'fetch') await (await fetch(target, { method: 'POST', body, headers })).arrayBuffer();
        else await (await request(target, { method: 'POST', body, headers, dispatcher })).body.arrayBuffer();
      });
      out.push({ client, concurrency, perSecond: Math.round(n / ((performance.now() - t0) / 1000)) });
      if (r) r.received.length = 0;
    }
  }
  await dispatcher.close();
  await r?.stop();
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const x of await receiverRate()) console.log(`${x.client} × ${x.concurrency}: ${x.perSecond} POST/s`);
  process.exit(0);
}

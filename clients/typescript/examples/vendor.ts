import { createServer } from 'node:http';
import { createVvaClient, pullBerichten, unwrap, WebhookVerifier, type Bericht, type paths } from '@open-vva/client';

type MboGangerbericht = paths['/mbo-gangerberichten']['post']['requestBody']['content']['application/json']['berichten'][number];

// One client per credential: a supplier's token serves every school that mandated it (spec §10).
const vva = createVvaClient({ hub: 'https://vva.example.nl', token: process.env.VVA_TOKEN ?? '' });

/** 1. Send up to 1,000 messages; each gets its own result, in order. Resending a berichtId changes nothing. */
export async function sendBatch(berichten: MboGangerbericht[]) {
  const { resultaten } = await unwrap(vva.POST('/mbo-gangerberichten', { body: { berichten } }));
  return resultaten.filter((r) => r.resultaat === 'AFGEWEZEN'); // each with every problem listed
}

/**
 * 2. Pull the inbox: the events of all mandating schools, each naming its school in `data`. Store the
 * cursor only after a page is handled; the next request with it acknowledges that page.
 */
export async function pullAll(cursor: string | undefined, handle: (brin: string, e: Bericht) => Promise<void>) {
  for await (const pagina of pullBerichten(vva, { na: cursor, limit: 1000 })) {
    for (const e of pagina.berichten) {
      const brin = 'brinVo' in e.data ? e.data.brinVo : 'brinMbo' in e.data ? e.data.brinMbo : undefined;
      await handle(String(brin), e);
    }
    cursor = pagina.volgende; // persist this
  }
  return cursor;
}

/** 3. Receive pushes: verify on the raw body, de-duplicate on the event id (delivery is at least once). */
export function webhookServer(secret: string, handle: (e: Bericht) => Promise<void>) {
  const verifier = new WebhookVerifier(secret); // whsec_…, as registered with PUT /webhook
  return createServer((req, res) => {
    if (req.method === 'OPTIONS') return res.writeHead(200, { 'WebHook-Allowed-Origin': '*' }).end(); // the registration handshake
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', async () => {
      let event: Bericht;
      try {
        event = verifier.verify(Buffer.concat(chunks), req.headers);
      } catch {
        return res.writeHead(401).end();
      }
      // Answer only when handled: on an error the hub retries (with backoff, for 72 hours).
      await handle(event).then(() => res.writeHead(204).end(), () => res.writeHead(500).end());
    });
  });
}

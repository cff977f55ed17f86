import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { get, mboGanger, nieuwePgn, pull, send } from '../../test/berichten.ts';

/**
 * Metrics an operator needs (issue 12.9), through the real app: things happen, then GET /metrics
 * shows the counters moved by exactly that much, in base units (`_seconds`, `_total`).
 */
let hub: TestHub;
const school = demo('vo-school', 0);
const gemeente = demo('gemeente', 0);
const beheer = demo('beheer');

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-01-20T10:00:00+01:00', env: { VVA_CLOCK: 'manual' } });
  for (const p of [school, gemeente, beheer]) await hub.party(p.oin);
});
afterAll(async () => hub?.close());

/** The exposition text as `name{labels}` → value (labels as Prometheus prints them). */
async function scrape(): Promise<Map<string, number>> {
  const text = (await hub.app.inject('/metrics')).body;
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) values.set(m[1]!, Number(m[2]));
  }
  return values;
}
const delta = (before: Map<string, number>, after: Map<string, number>, key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);

async function waitDone(id: string) {
  for (let i = 0; i < 400; i++) {
    const res = (await get(hub, school.oin, `/api/v1/uploads/${id}`)).json() as { status: string };
    if (res.status !== 'verwerken') return res;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('upload did not finish');
}

describe('operator metrics', () => {
  it('counts intake results per message type and outcome, after commit', async () => {
    const before = await scrape();
    const twee = [mboGanger({ tijdstip: '2027-01-15T10:00:00+01:00' }), mboGanger({ tijdstip: '2027-01-15T10:00:00+01:00' })];
    await send(hub, 'mbo-gangerberichten', school.oin, [...twee, { berichtId: 'geen' }]);
    await send(hub, 'mbo-gangerberichten', school.oin, twee.slice(0, 1));
    const after = await scrape();
    expect(delta(before, after, 'vva_intake_berichten_total{berichttype="mbo-gangerbericht",resultaat="VERWERKT"}')).toBe(2);
    expect(delta(before, after, 'vva_intake_berichten_total{berichttype="mbo-gangerbericht",resultaat="AFGEWEZEN"}')).toBe(1);
    expect(delta(before, after, 'vva_intake_berichten_total{berichttype="mbo-gangerbericht",resultaat="DUPLICAAT"}')).toBe(1);
    // The distributor ran after the commit: nothing waits, the lag is 0 seconds, the audit chain grew.
    expect(delta(before, after, 'vva_feiten_verdeeld_total')).toBeGreaterThanOrEqual(3);
    expect(after.get('vva_feiten_achterstand')).toBe(0);
    expect(after.get('vva_distributie_vertraging_seconds')).toBe(0);
    expect(delta(before, after, 'vva_audit_keten_lengte')).toBeGreaterThan(0);
    // The stages of the data path: each request's transaction timed, and the passes that distributed them.
    expect(delta(before, after, 'vva_intake_transactie_seconds_count{berichttype="mbo-gangerbericht"}')).toBe(2);
    expect(delta(before, after, 'vva_intake_transactie_seconds_sum{berichttype="mbo-gangerbericht"}')).toBeGreaterThan(0);
    expect(delta(before, after, 'vva_distributie_ronde_seconds_count')).toBeGreaterThanOrEqual(1);
  });

  it('counts uploads by outcome and their rows by result', async () => {
    const before = await scrape();
    const csv = ['tijdstip;pgn;brinVo;postcode;huisnummer;mboGanger;redenNee', ...[nieuwePgn(), nieuwePgn(), 'fout'].map((pgn) => `2027-01-15T10:00:00+01:00;${pgn};18BR;9406NN;202;ja;`)].join('\n') + '\n';
    const post = (body: string) => hub.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { authorization: `Bearer ${hub.tokenOf(school.oin)}`, 'content-type': 'text/csv' }, payload: body });
    const first = await post(csv);
    expect(first.statusCode).toBe(202);
    await waitDone(first.json().id);
    expect((await post(csv)).statusCode).toBe(200);
    expect((await post('onzin;kop\n1;2\n')).statusCode).toBe(400);
    const after = await scrape();
    expect(delta(before, after, 'vva_uploads_total{uitkomst="ontvangen"}')).toBe(1);
    expect(delta(before, after, 'vva_uploads_total{uitkomst="duplicaat"}')).toBe(1);
    expect(delta(before, after, 'vva_uploads_total{uitkomst="geweigerd"}')).toBe(1);
    expect(delta(before, after, 'vva_upload_rijen_total{resultaat="verwerkt"}')).toBe(2);
    expect(delta(before, after, 'vva_upload_rijen_total{resultaat="afgewezen"}')).toBe(1);
  });

  it('counts milestones and signals per type; the pull backlog per kind of recipient', async () => {
    const before = await scrape();
    const klok = await hub.app.inject({ method: 'PUT', url: '/api/v1/beheer/klok', headers: { authorization: `Bearer ${hub.tokenOf(beheer.oin)}` }, payload: { nu: '2027-06-01T10:00:00+02:00' } });
    expect(klok.statusCode, klok.body).toBe(200);
    const after = await scrape();
    const { berichten: events, volgende } = await pull(hub, gemeente.oin, '?limit=1000');
    const nietAangemeld = events.filter((e) => e.type === 'nl.vva.signaal.niet-aangemeld.v1').length;
    expect(nietAangemeld).toBeGreaterThan(0);
    expect(delta(before, after, 'vva_signalen_total{type="NIET_AANGEMELD"}')).toBe(nietAangemeld);
    expect(delta(before, after, 'vva_mijlpalen_total{mijlpaal="signalering-aanmelding"}')).toBe(1);
    // Nothing acknowledged yet: every event of the gemeente waits to be pulled.
    expect(after.get('vva_ophaal_achterstand{soort="gemeente"}')).toBe(events.length);
    // Pulling from the cursor acknowledges what came before it: nothing waits any more.
    await pull(hub, gemeente.oin, `?na=${volgende}`);
    expect((await scrape()).get('vva_ophaal_achterstand{soort="gemeente"}')).toBe(0);
  });

  it('names latency in seconds', async () => {
    const text = (await hub.app.inject('/metrics')).body;
    expect(text).toContain('# TYPE vva_aflevering_latentie_seconds histogram');
    expect(text).not.toContain('_seconden');
    expect(text).toContain('# TYPE vva_aflevering_achterstand gauge');
  });
});

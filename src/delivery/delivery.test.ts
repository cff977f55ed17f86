import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { aanmeldstatus, get, mboGanger, nieuwePgn, pull, send } from '../../test/berichten.ts';
import { Receiver } from '../../test/receiver.ts';
import { verify } from './signing.ts';

let hub: TestHub;
let receiver: Receiver;
const school = demo('vo-school', 0); // 18BR: receives its pupils' statuses
const andereSchool = demo('vo-school', 1);
const roc = demo('mbo-instelling', 0);
const beheer = demo('beheer');
const SECRET = 'test-webhook-geheim-0123456789abcdef0123';

beforeAll(async () => {
  // Shortened timings: retries from 50 ms, at most 200 ms apart, dead letter after 4 s.
  hub = await createTestHub({
    clockStart: '2027-02-10T10:00:00+01:00', delivery: true,
    env: { VVA_AFLEVERING_BASIS_MS: '50', VVA_AFLEVERING_MAX_INTERVAL_MS: '200', VVA_AFLEVERING_OPGEVEN_NA_MS: '4000', VVA_AFLEVERING_TIMEOUT_MS: '2000' },
  });
  for (const p of [school, andereSchool, roc, beheer]) await hub.party(p.oin);
});
afterAll(() => hub.close());
afterEach(async () => receiver?.stop());

const register = (url: string | null, geheimen = [SECRET], oin = school.oin) =>
  hub.app.inject({ method: 'PUT', url: '/api/v1/webhook', headers: { authorization: `Bearer ${hub.tokenOf(oin)}` }, payload: { url, geheimen } });

/** A pupil of the school, reported, then `statuses` registered at the ROC: each status is an event for the school. */
async function story(statuses: string[]) {
  const pgn = nieuwePgn();
  await send(hub, 'mbo-gangerberichten', school.oin, [mboGanger({ pgn })]);
  const id = `90AA:${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  for (const [i, status] of statuses.entries()) {
    const res = await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn, aanmeldingId: id, status, tijdstip: new Date(Date.UTC(2027, 1, 1, 10, i)).toISOString() })]);
    expect(res.json().resultaten[0].resultaat).toBe('VERWERKT');
  }
  return pgn;
}

describe('webhook registration', () => {
  it('refuses plain http to a non-local host, and an endpoint that does not confirm', async () => {
    expect((await register('http://example.org/hook')).json().invalidParams[0]).toMatchObject({ name: 'url', reason: 'alleen https://' });
    receiver = await new Receiver().start();
    receiver.options = (_req, res) => { res.statusCode = 405; res.end(); };
    receiver.answer = () => 500;
    const res = await register(receiver.url);
    expect(res.statusCode).toBe(400);
    expect(res.json().invalidParams[0].name).toBe('url');
  });

  it('accepts an endpoint that answers the OPTIONS handshake, and stores the secret encrypted', async () => {
    receiver = await new Receiver().start();
    const res = await register(receiver.url);
    expect(res.json()).toMatchObject({ url: receiver.url, actief: true, geheimen: 1 });
    const { rows } = await hub.db.query<{ geheimen: string[] }>('select geheimen from webhook where oin = $1', [school.oin]);
    expect(JSON.stringify(rows)).not.toContain(SECRET);
  });
});

describe('push delivery', () => {
  it('delivers signed CloudEvents: the signature verifies with the key and fails with another', async () => {
    receiver = await new Receiver().start();
    await register(receiver.url);
    const pgn = await story(['AO']);
    await receiver.waitFor(() => receiver.ok.some((r) => r.event.data.pgn === pgn));
    const r = receiver.ok.find((x) => x.event.data.pgn === pgn)!;
    expect(r.event).toMatchObject({ specversion: '1.0', type: 'nl.vva.aanmeldstatus.v1', id: r.id });
    expect(verify(SECRET, r, r.body)).toBe(true);
    expect(verify('een-ander-geheim-0123456789abcdef012345', r, r.body)).toBe(false);
  });

  it('a receiver failing the first attempts still gets exactly the events, each pupil’s in order', async () => {
    receiver = await new Receiver().start();
    await register(receiver.url);
    let failures = 0;
    receiver.answer = () => (failures++ < 6 ? 503 : 200);
    const a = await story(['AO', 'OA', 'LI']);
    const b = await story(['AO', 'LNI']);
    await receiver.waitFor(() => receiver.ok.filter((r) => [a, b].includes(r.event.data.pgn as string)).length === 5);
    const statuses = (pgn: string) => receiver.ok.filter((r) => r.event.data.pgn === pgn).map((r) => r.event.data.status);
    expect(statuses(a)).toEqual(['AO', 'OA', 'LI']);
    expect(statuses(b)).toEqual(['AO', 'LNI']);
    expect(new Set(receiver.ok.map((r) => r.id)).size).toBe(receiver.ok.length);
    const { rows } = await hub.db.query<{ n: number }>(`select count(*)::int as n from afleverpoging p join aflevering a using (event_id) where a.ontvanger_oin = $1 and p.http_status = 503`, [school.oin]);
    expect(rows[0]!.n).toBe(6); // every attempt recorded
  });

  it('a slow endpoint does not hold back the other recipients of its group', async () => {
    receiver = await new Receiver().start();
    const traag = await new Receiver().start();
    try {
      await register(receiver.url);
      await register(traag.url, [SECRET], andereSchool.oin);
      traag.delay = () => 1_100; // past SLOW_MS, within the test hub's 2 s timeout
      const [a, b] = [nieuwePgn(), nieuwePgn()];
      await send(hub, 'mbo-gangerberichten', school.oin, [mboGanger({ pgn: a })]);
      await send(hub, 'mbo-gangerberichten', andereSchool.oin, [mboGanger({ pgn: b, brinVo: andereSchool.brin })]);
      // One request, so both recipients get their deliveries in one pass and are drained as one group:
      // four events of pupil a to the fast school, three of pupil b to the slow one, each pupil's in order.
      const at = (i: number) => new Date(Date.UTC(2027, 1, 1, 10, i)).toISOString();
      const keten = (pgn: string, id: string, statussen: string[], van = 0) => statussen.map((status, i) => aanmeldstatus({ pgn, aanmeldingId: `90AA:${id}`, status, tijdstip: at(van + i) }));
      const res = await send(hub, 'aanmeldstatusberichten', roc.oin, [
        ...keten(a, '00000101', ['AO', 'OA', 'LI']), ...keten(a, '00000102', ['AO'], 3), ...keten(b, '00000103', ['AO', 'OA', 'LI']),
      ]);
      expect(res.json().resultaten.map((r: { resultaat: string }) => r.resultaat)).toEqual(Array(7).fill('VERWERKT'));
      await receiver.waitFor(() => receiver.ok.filter((r) => r.event.data.pgn === a).length === 4);
      await traag.waitFor(() => traag.ok.filter((r) => r.event.data.pgn === b).length === 3);
      const vanA = receiver.ok.filter((r) => r.event.data.pgn === a);
      const vanB = traag.ok.filter((r) => r.event.data.pgn === b);
      expect(vanA.map((r) => r.event.data.status)).toEqual(['AO', 'OA', 'LI', 'AO']);
      expect(vanB.map((r) => r.event.data.status)).toEqual(['AO', 'OA', 'LI']);
      // Waiting for the slow one every round, the fourth could only go after the slow one's third was answered.
      expect(vanA[3]!.at).toBeLessThan(vanB[2]!.at);
    } finally {
      await traag.stop();
    }
  });

  it('records an endpoint that answers after the timeout as a timeout, and delivers again', async () => {
    receiver = await new Receiver().start();
    await register(receiver.url);
    let eerste = true;
    // Past the test hub's 2 s, once, by more than undici's timers are late (they tick every half second).
    receiver.delay = () => (eerste ? ((eerste = false), 3_200) : 0);
    const pgn = await story(['AO']);
    // The receiver sees the POST twice: the one it answered too late, and the attempt after it.
    await receiver.waitFor(() => receiver.ok.filter((r) => r.event.data.pgn === pgn).length === 2);
    // The round's bookkeeping after the second answer: both attempts recorded as done.
    const pogingen = () => hub.db.query<{ fout: string | null; duur_ms: number }>(
      `select p.fout, p.duur_ms from afleverpoging p join aflevering a using (event_id) where a.ontvanger_oin = $1 and a.status = 'afgeleverd' and p.klaar order by p.id`, [school.oin]);
    let { rows } = await pogingen();
    for (let i = 0; i < 100 && rows.at(-2)?.fout !== 'timeout'; i++) ({ rows } = await new Promise((r) => setTimeout(r, 20)).then(pogingen));
    expect(rows.at(-2)).toMatchObject({ fout: 'timeout' });
    expect(rows.at(-2)!.duur_ms).toBeGreaterThanOrEqual(1_900);
    expect(rows.at(-1)).toMatchObject({ fout: null });
  });

  it('honours Retry-After on 429', async () => {
    receiver = await new Receiver().start();
    await register(receiver.url);
    let first = true;
    receiver.answer = (_o, res) => {
      if (!first) return 200;
      first = false;
      res.setHeader('Retry-After', '1');
      return 429;
    };
    const pgn = await story(['AO']);
    await receiver.waitFor(() => receiver.ok.some((r) => r.event.data.pgn === pgn));
    const attempts = receiver.received.filter((r) => r.event.data.pgn === pgn);
    expect(attempts.map((r) => r.answered)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('parks an event as dead letter after the last attempt, alerts beheer, and replays it', async () => {
    receiver = await new Receiver().start();
    await register(receiver.url);
    receiver.answer = () => 500;
    const pgn = await story(['AO']);
    const dead = async () => (await hub.db.query<{ event_id: string }>(`select event_id from aflevering where ontvanger_oin = $1 and status = 'dode-letter'`, [school.oin])).rows;
    await receiver.waitFor(() => receiver.received.filter((r) => r.event.data.pgn === pgn).length >= 3, 10_000);
    const deadline = Date.now() + 15_000;
    while ((await dead()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const [letter] = await dead();
    expect(letter).toBeDefined();
    const alerts = (await pull(hub, beheer.oin, '?limit=1000')).berichten.filter((e) => e.type === 'nl.vva.beheer.dode-letter.v1');
    expect(alerts.map((e) => e.data.eventId)).toContain(letter!.event_id);
    const metrics = (await hub.app.inject('/metrics')).body;
    expect(metrics).toMatch(/vva_aflevering_dode_letters_total [1-9]/);
    // Every attempt is timed, the failed ones too.
    expect(Number(/vva_aflevering_duur_seconds_count (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(3);
    // Pull keeps working while push fails.
    expect((await pull(hub, school.oin, '?na=0&limit=1000')).berichten.some((e) => e.data.pgn === pgn)).toBe(true);

    receiver.answer = () => 200;
    const replay = await hub.app.inject({ method: 'POST', url: `/api/v1/beheer/afleveringen/${letter!.event_id}/opnieuw`, headers: { authorization: `Bearer ${hub.tokenOf(beheer.oin)}` } });
    expect(replay.json()).toEqual({ opnieuw: 1 });
    await receiver.waitFor(() => receiver.ok.some((r) => r.id === letter!.event_id));
  });

  it('a 410 Gone disables the webhook; events stay available to pull', async () => {
    receiver = await new Receiver().start();
    await register(receiver.url);
    receiver.answer = () => 410;
    const pgn = await story(['AO']);
    await receiver.waitFor(() => receiver.received.some((r) => r.event.data.pgn === pgn));
    const deadline = Date.now() + 5000;
    let status = (await get(hub, school.oin, '/api/v1/webhook')).json();
    while (status.actief && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await get(hub, school.oin, '/api/v1/webhook')).json();
    }
    expect(status).toMatchObject({ actief: false, reden: 'eindpunt antwoordde 410 Gone' });
    const before = receiver.received.length;
    const later = await story(['AO']);
    await new Promise((r) => setTimeout(r, 700));
    expect(receiver.received.length).toBe(before);
    expect((await pull(hub, school.oin, '?na=0&limit=1000')).berichten.some((e) => e.data.pgn === later)).toBe(true);
  });
});

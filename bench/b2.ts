import { randomUUID } from 'node:crypto';
import type { Histogram } from 'prom-client';
import type { HubMetrics } from '../src/app/metrics.ts';
import { syntheticBsns } from '../src/domain/pgn.ts';
import { DeliveryService } from '../src/delivery/worker.ts';
import { registerWebhook } from '../src/delivery/webhook-service.ts';
import { startScheduler } from '../src/milestones/scheduler.ts';
import { bulkSignaal } from '../src/milestones/bulk.ts';
import { ReceiverProcess } from './receiver-process.ts';
import { adressenPerGemeente, benchHub } from './setup.ts';

/**
 * B2: after the 1 March bulk, status messages arrive at 500 msg/s (batches of 50 every 100 ms); each
 * makes an event for the pupil's vo-school and a STATUSWIJZIGING for its gemeente. Latency = from the
 * request leaving the client to the webhook receiving the event; the receiver runs in a process of its
 * own, as a real one does. Measured in steady state, after one second of the same traffic (the first
 * batch of a fresh process is reported beside it).
 */
export async function b2(engine: 'postgres' | 'pglite', pupils = 5000, perSecond = Number(process.env.B2_RATE ?? 500)): Promise<string> {
  const hub = await benchHub(engine);
  const { ctx } = hub;
  const receiver = await new ReceiverProcess().start();
  const school = '18BR';
  const schoolOin = `00000007000${school}00000`;
  await ctx.identity.addOrganisation({ oin: schoolOin, soort: 'vo-school', naam: 'School', brin: school }, null);
  await ctx.identity.addOrganisation({ oin: '0000000700090AA00000', soort: 'mbo-instelling', naam: 'ROC', brin: '90AA' }, null);
  const bekend = new Set((await ctx.db.query<{ code: string }>('select code from gemeente where actief')).rows.map((r) => r.code));
  const adressen = adressenPerGemeente().filter((a) => bekend.has(a.gemeente)).slice(0, 40);
  for (const a of adressen) await ctx.identity.addOrganisation({ oin: `000000991${a.gemeente}0000000`, soort: 'gemeente', naam: `G ${a.gemeente}`, gemeentecode: a.gemeente }, null);
  for (const oin of [schoolOin, ...adressen.map((a) => `000000991${a.gemeente}0000000`)]) {
    await registerWebhook(ctx, (await ctx.identity.authenticateCertificate(oin))!, receiver.url, ['bench-webhook-geheim-0123456789abcdef0123']);
  }
  const vo = (await ctx.identity.issueToken(schoolOin)).token;
  const mbo = (await ctx.identity.issueToken('0000000700090AA00000')).token;
  const gen = syntheticBsns(99);
  // perSecond msg/s in ten batches a second: first one second of it to warm up (the first statuses of a
  // fresh process compile their code paths and plan their statements), then 10 s measured.
  const perTick = Math.max(1, Math.round(perSecond / 10));
  const warmUp = perTick * 10;
  const list = Array.from({ length: pupils + warmUp }, (_, i) => ({ pgn: gen.next().value as string, adres: adressen[i % adressen.length]! }));
  for (let i = 0; i < list.length; i += 1000) {
    await fetch(`${hub.url}/api/v1/mbo-gangerberichten`, { method: 'POST', headers: { authorization: `Bearer ${vo}`, 'content-type': 'application/json' }, body: JSON.stringify({
      berichten: list.slice(i, i + 1000).map((p) => ({ berichtId: randomUUID(), tijdstip: '2027-01-20T10:00:00+01:00', pgn: p.pgn, brinVo: school, postcode: p.adres.postcode, huisnummer: p.adres.huisnummer, mboGanger: true })),
    }) });
  }
  hub.clock.set(new Date('2027-03-01T00:00:00+01:00'));
  await ctx.db.query(`insert into mijlpaal_uitvoering (cyclus, mijlpaal, gestart, voltooid) values (2027, 'herinnering-leverdatum', now(), now())`);
  await bulkSignaal(ctx, 2027, 'signalering-aanmelding', 'NIET_AANGEMELD', ['GEEN_AANMELDING']);
  await ctx.db.query(`insert into mijlpaal_uitvoering (cyclus, mijlpaal, gestart, voltooid) values (2027, 'signalering-aanmelding', now(), now())`);
  const delivery = new DeliveryService(ctx, console);
  await delivery.start();
  const scheduler = startScheduler(ctx, hub.app.log);
  await scheduler.started; // the first tick's housekeeping (today's aggregates, statistics) before the measurement, not in it
  await receiver.waitFor(list.length); // the bulk, delivered
  await receiver.reset();

  const send = async (offset: number, ticks: number) => {
    const pupilsHere = list.slice(offset);
    const sent = new Map<string, number>();
    const answers: number[] = [];
    const started = performance.now();
    for (let tick = 0; tick < ticks && tick * perTick < pupilsHere.length; tick++) {
      const due = started + tick * 100;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      const slice = pupilsHere.slice(tick * perTick, tick * perTick + perTick);
      const at = Date.now();
      for (const p of slice) sent.set(p.pgn, at);
      void fetch(`${hub.url}/api/v1/aanmeldstatusberichten`, { method: 'POST', headers: { authorization: `Bearer ${mbo}`, 'content-type': 'application/json' }, body: JSON.stringify({
        berichten: slice.map((p, j) => ({ berichtId: randomUUID(), tijdstip: '2027-02-28T10:00:00+01:00', aanmeldingId: `90AA:${String(offset + tick * perTick + j).padStart(8, '0')}`, pgn: p.pgn, brinMbo: '90AA', vooropleiding: 'VMBO', leertraject: 'BOL', leeftijdscategorie: 'TUSSEN_16_18', startkwalificatie: false, status: 'AO', postcode: p.adres.postcode, huisnummer: p.adres.huisnummer })),
      }) }).then((res) => res.arrayBuffer()).then(() => answers.push(Date.now() - at));
    }
    await receiver.waitFor(sent.size * 2); // one event for the school, one signal for the gemeente
    const arrivals = (await receiver.arrivals()).map((a) => ({ pgn: a.pgn!, ms: a.at - sent.get(a.pgn!)! }));
    const eerste = new Set(pupilsHere.slice(0, perTick).map((p) => p.pgn));
    await receiver.reset();
    return { sent, answers, latencies: arrivals.map((a) => a.ms).sort((a, b) => a - b), eersteBatch: Math.max(...arrivals.filter((a) => eerste.has(a.pgn)).map((a) => a.ms)) };
  };
  const koud = await send(pupils, 10);
  const stagesBefore = await stages(ctx.metrics);
  const { sent, answers, latencies } = await send(0, 100);
  const stagesAfter = await stages(ctx.metrics);
  const stage = (k: keyof typeof stagesAfter) => {
    const n = stagesAfter[k].count - stagesBefore[k].count;
    return `${((1000 * (stagesAfter[k].sum - stagesBefore[k].sum)) / n).toFixed(1)} ms (${n})`;
  };
  const expected = sent.size * 2;
  const pctOf = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  const pct = (p: number) => pctOf(latencies, p);
  answers.sort((a, b) => a - b);
  await scheduler.stop();
  await delivery.stop();
  await receiver.stop();
  await hub.close();
  return `| B2 ${engine === 'postgres' ? 'PostgreSQL' : 'PGlite'} | ${sent.size.toLocaleString('en')} aanmeldstatusberichten at ${perSecond} msg/s → ${expected.toLocaleString('en')} webhook deliveries (vo-school + gemeente STATUSWIJZIGING) | 10 s | p50 **${pct(50)} ms**, p99 **${pct(99)} ms**, max ${latencies.at(-1)} ms | request sent → event received, after 1 s of the same traffic to warm up (its first batch: ${koud.eersteBatch} ms); the answer to the request itself: p50 ${pctOf(answers, 50)} ms, p99 ${pctOf(answers, 99)} ms; the stages in the hub (its metrics; mean, count): intake transaction ${stage('intake')}, distributor pass ${stage('pass')}, pass started → delivered ${stage('delivered')}, a POST ${stage('post')} |`;
}

/** Sum and count of the hub's stage histograms (src/app/metrics.ts), for the means over the measured window. */
async function stages(m: HubMetrics) {
  const of = async (h: Histogram<string>, labels: Record<string, string> = {}) => {
    const values = (await h.get()).values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
    const total = (suffix: string) => values.filter((v) => v.metricName?.endsWith(suffix)).reduce((a, v) => a + v.value, 0);
    return { sum: total('_sum'), count: total('_count') };
  };
  return {
    intake: await of(m.intakeDuration, { berichttype: 'aanmeldstatusbericht' }), pass: await of(m.distributorPass),
    delivered: await of(m.deliveryLatency), post: await of(m.postDuration),
  };
}

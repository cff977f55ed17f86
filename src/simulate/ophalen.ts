import { pullBerichten, unwrap } from '@open-vva/client';
import { mapLimit } from '../shared/parallel.ts';
import type { Klant, Postbus, WebhookOntvanger } from './ontvanger.ts';
import type { Deelnemer, Partijen } from './partijen.ts';
import type { Scenario } from './scenario.ts';
import type { Verloop } from './simuleer.ts';

/**
 * Every pulling party empties its inbox; the cursor acknowledges what it fetched. A party whose
 * endpoint answered 410 removes its webhook (the hub disabled it) and pulls from then on (spec §10).
 */
export async function haalOp(partijen: Partijen, postbus: Postbus, ontvanger: WebhookOntvanger) {
  // The RMC endpoint stands for several gemeenten: one inbox, pulled once.
  const alle = [...new Set([...partijen.scholen.values(), ...partijen.gemeenten.values()])];
  await naarOphalen(partijen, ontvanger);
  const trekkers: Deelnemer[] = [...alle.filter((d) => !d.push), ...partijen.leveranciers, ...partijen.overstap.map((o) => ({ oin: o.oin, klant: o.klant, push: false }))];
  await mapLimit(trekkers, 8, async ({ oin, klant }) => {
    let na: string | undefined;
    for await (const pagina of pullBerichten(klant, { limit: 1000 })) {
      for (const e of pagina.berichten) postbus.leg(oin, { id: e.id, type: e.type, time: e.time, data: e.data });
      na = pagina.volgende;
    }
    // acknowledge the last page
    if (na) await unwrap(klant.GET('/berichten', { params: { query: { limit: 1, na } } }));
  });
}

/** Parties whose endpoint answered 410 Gone remove their webhook, so that what waits for it is theirs to pull. */
export async function naarOphalen(partijen: Partijen, ontvanger: WebhookOntvanger) {
  for (const d of new Set([...partijen.scholen.values(), ...partijen.gemeenten.values()])) {
    if (d.push && ontvanger.weg.has(d.oin)) {
      await unwrap(d.klant.PUT('/webhook', { body: { url: null } }));
      d.push = false;
    }
  }
}

/** The overstapsystemen register the pupils their schools reported so far, and try a few they may not follow. */
export async function registreerOverstap(partijen: Partijen, scenario: Scenario, verloop: Verloop, d: number) {
  for (const os of partijen.overstap) {
    const eigen = new Set<string>();
    const vreemd = new Set<string>();
    for (const b of scenario.berichten) {
      if (b.dag >= d) break;
      if (b.soort !== 'melding') continue;
      if (os.scholen.has(b.brinVo)) eigen.add(b.pgn);
      else if (vreemd.size < 25) vreemd.add(b.pgn);
    }
    const pgns = [...eigen, ...[...vreemd].filter((x) => !eigen.has(x))];
    const o = verloop.overstap.get(os.oin)!;
    for (let i = 0; i < pgns.length; i += 1000) {
      const r = await unwrap(os.klant.POST('/overstapsystemen/identiteiten', { body: { pgns: pgns.slice(i, i + 1000) } }));
      for (const x of r.resultaten) {
        if (x.resultaat === 'GEREGISTREERD') o.geregistreerd.add(x.pgn);
        else o.geweigerd++;
      }
    }
    // Registered PGNs the system had no right to are caught in the comparison (vergelijk.ts).
    o.buitenMandaat = pgns.length - eigen.size;
    o.dag = d;
  }
}

export async function haalOverstapStatussen(partijen: Partijen, verloop: Verloop) {
  for (const os of partijen.overstap) {
    const o = verloop.overstap.get(os.oin)!;
    const pgns = [...o.geregistreerd];
    for (let i = 0; i < pgns.length; i += 1000) {
      const r = await unwrap(os.klant.POST('/overstapsystemen/statussen', { body: { pgns: pgns.slice(i, i + 1000) } }));
      for (const l of r.leerlingen) o.statussen.set(l.pgn, l.aanmeldingen.map((a) => `${a.brinMbo}|${a.status}`).sort());
    }
  }
}

/** Push is asynchronous: wait until the hub has no delivery waiting (beheer view). */
export async function wachtOpAflevering(beheer: Klant, tussendoor: () => Promise<void>) {
  const deadline = Date.now() + 30 * 60_000;
  let leeg = 0;
  while (leeg < 2) {
    await tussendoor();
    const r = await unwrap(beheer.GET('/beheer/afleveringen', { params: { query: { status: 'wacht', limit: 1 } } }));
    leeg = r.afleveringen.length === 0 ? leeg + 1 : 0;
    if (Date.now() > deadline) throw new Error('afleveringen bleven 30 minuten wachten');
    await new Promise((r) => setTimeout(r, 250));
  }
  const dood = await unwrap(beheer.GET('/beheer/afleveringen', { params: { query: { status: 'dode-letter', limit: 1 } } }));
  if (dood.afleveringen.length > 0) throw new Error('er staan afleveringen in de dode-letterlijst');
}

/** After the purge the schools' overviews hold no pupils; the aggregates remain (spec §14, §15). */
export async function naDePurge(partijen: Partijen, beheer: Klant) {
  let leerlingenInOverzicht = 0;
  for (const [brin, school] of [...partijen.scholen].slice(0, 25)) {
    const r = await unwrap(school.klant.GET('/vo-scholen/{brin}/overzicht', { params: { path: { brin }, query: { cyclus: 2027 } } }));
    leerlingenInOverzicht += r.leerlingen.length;
  }
  const stats = await unwrap(beheer.GET('/statistieken', { params: { query: { niveau: 'nationaal', cyclus: 2027 } } }));
  const cel = stats.reeks.at(-1)?.indicatoren ?? {};
  const getal = (v: unknown) => (typeof v === 'number' ? v : null);
  return { leerlingenInOverzicht, statistiek: { potentieel: getal(cel.potentieleMboGangers), ingeschreven: getal(cel.ingeschreven), aangemeld: getal(cel.aangemeld) } };
}

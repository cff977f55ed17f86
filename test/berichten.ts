import { randomUUID } from 'node:crypto';
import type { TestHub } from './helpers.ts';
import { syntheticBsns } from '../src/domain/pgn.ts';

/** Real addresses from the shipped reference data: Assen (0106) and Amsterdam (0363). */
export const ADRES_ASSEN = { postcode: '9406NN', huisnummer: 202 };
export const ADRES_AMSTERDAM = { postcode: '1011AH', huisnummer: 100 };

const pgns = syntheticBsns(20270101);
export const nieuwePgn = () => pgns.next().value as string;

export function mboGanger(over: Record<string, unknown> = {}) {
  return { berichtId: randomUUID(), tijdstip: new Date(Date.now() - 60_000).toISOString(), pgn: nieuwePgn(), brinVo: '18BR', ...ADRES_ASSEN, mboGanger: true, ...over };
}

let volgnummer = 10_000_000;
export function aanmeldstatus(over: Record<string, unknown> = {}) {
  const brinMbo = (over.brinMbo as string) ?? '90AA';
  return {
    berichtId: randomUUID(), tijdstip: new Date(Date.now() - 60_000).toISOString(), aanmeldingId: `${brinMbo}:${volgnummer++}`,
    pgn: nieuwePgn(), ...ADRES_ASSEN, brinMbo, vooropleiding: 'VMBO', leertraject: 'BOL', leeftijdscategorie: 'TUSSEN_16_18',
    startkwalificatie: false, status: 'AO', ...over,
  };
}

export async function send(hub: TestHub, path: 'mbo-gangerberichten' | 'aanmeldstatusberichten', oin: string, berichten: unknown[]) {
  return hub.app.inject({ method: 'POST', url: `/api/v1/${path}`, headers: { authorization: `Bearer ${hub.tokenOf(oin)}` }, payload: { berichten } });
}

export async function pull(hub: TestHub, oin: string, query = '') {
  const res = await hub.app.inject({ url: `/api/v1/berichten${query}`, headers: { authorization: `Bearer ${hub.tokenOf(oin)}` } });
  return res.json() as { berichten: { id: string; type: string; source: string; data: Record<string, unknown> }[]; volgende: string };
}

export async function get(hub: TestHub, oin: string, url: string) {
  return hub.app.inject({ url, headers: { authorization: `Bearer ${hub.tokenOf(oin)}` } });
}

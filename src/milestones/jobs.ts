import { uuidv7 } from '../shared/uuid.ts';
import type { AppContext } from '../app/context.ts';
import type { AuditEntry } from '../audit/audit-log.ts';
import type { Queryable } from '../db/db.ts';
import type { Mijlpaal } from '../calendar/calendar.ts';
import { claimDeel } from '../calendar/store.ts';
import type { EventType } from '../outbox/events.ts';
import * as outbox from '../outbox/store.ts';
import { SIGNAAL_EVENT_TYPE } from '../signals/emit.ts';
import * as signals from '../signals/store.ts';
import { bulkSignaal } from './bulk.ts';
import { purgeCycle } from '../purge/service.ts';
import { bevriesDag } from '../statistics/service.ts';
import * as store from './store.ts';

export const MILESTONE_EVENT_TYPES = {
  herinneringLeverdatum: 'nl.vva.herinnering.leverdatum.v1',
  scholenZonderLevering: 'nl.vva.beheer.scholen-zonder-levering.v1',
  lijstNietAangemeld: 'nl.vva.lijst.niet-aangemeld.v1',
  herinneringGeenUitwisseling: 'nl.vva.herinnering.geen-uitwisseling.v1',
  instellingenZonderUitwisseling: 'nl.vva.beheer.instellingen-zonder-uitwisseling.v1',
  overstapJaaroverzicht: 'nl.vva.overstap.jaaroverzicht.v1',
} as const satisfies Record<string, EventType>;

type Job = (ctx: AppContext, cyclus: number) => Promise<Record<string, unknown>>;

/** Writes one part of a milestone (events + audit) in one transaction, once. */
async function deel(ctx: AppContext, cyclus: number, mijlpaal: Mijlpaal, naam: string, maak: (tx: Queryable) => Promise<{ events: outbox.NieuwEventZonder<'eventId' | 'cyclus' | 'tijd'>[]; pgns?: string[] }>): Promise<number> {
  let n = 0;
  await new Promise((resolve) => setImmediate(resolve)); // let live requests in between parts (see bulk.ts)
  await ctx.db.transaction(async (tx) => {
    const { events, pgns = [] } = await maak(tx);
    if (!(await claimDeel(tx, cyclus, mijlpaal, naam, events.length, ctx.clock.now()))) return;
    const now = ctx.clock.now();
    const full = events.map((e) => ({ ...e, eventId: uuidv7(), cyclus, tijd: now }));
    const audit: AuditEntry[] = pgns.map((pgn) => ({ actorOin: null, actie: 'mijlpaal-bericht-klaargezet', resource: `mijlpaal/${cyclus}/${mijlpaal}/${naam}`, pgn, doel: 'vva-signalering', uitkomst: 'ok' }));
    await ctx.audit.append(tx, audit);
    await outbox.insertEvents(tx, full, now);
    n = full.length;
  });
  return n;
}

const beheerOins = (ctx: AppContext) => outbox.oinsOfSoort(ctx.db, 'beheer');

/** What beheer hears of the institutions that exchanged nothing: all of them, and split by connection. */
const volledigheid = (cyclus: number, stil: { brin: string; oin: string | null }[]) => ({
  cyclus, brins: stil.map((s) => s.brin), verbonden: stil.filter((s) => s.oin).map((s) => s.brin), nietVerbonden: stil.filter((s) => !s.oin).map((s) => s.brin),
});

export const JOBS: Record<Mijlpaal, Job> = {
  /** 2 Feb: schools that delivered nothing in the legal window get a reminder; beheer gets the list. */
  async 'herinnering-leverdatum'(ctx, cyclus) {
    const stil = await store.zonderUitwisseling(ctx.db, cyclus, 'vo-school');
    const beheer = await beheerOins(ctx);
    const n = await deel(ctx, cyclus, 'herinnering-leverdatum', 'alle', async () => ({
      events: [
        ...stil.flatMap((s) => (s.oin ? [{ ontvangerOin: s.oin, type: MILESTONE_EVENT_TYPES.herinneringLeverdatum, volgordeSleutel: null, data: { cyclus, brinVo: s.brin } }] : [])),
        ...beheer.map((oin) => ({ ontvangerOin: oin, type: MILESTONE_EVENT_TYPES.scholenZonderLevering, volgordeSleutel: null, data: volledigheid(cyclus, stil) })),
      ],
    }));
    return { scholenZonderLevering: stil.length, verbonden: stil.filter((s) => s.oin).length, herinneringen: stil.filter((s) => s.oin).length, berichten: n };
  },

  'signalering-aanmelding': (ctx, cyclus) => bulkSignaal(ctx, cyclus, 'signalering-aanmelding', 'NIET_AANGEMELD', ['GEEN_AANMELDING']),

  /** 1 Apr: every school gets the list of its mbo-gangers not registered; silent institutions a reminder. */
  async aanmelddatum(ctx, cyclus) {
    let lijsten = 0;
    for (const school of await store.nietAangemeldPerSchool(ctx.db, cyclus)) {
      lijsten += await deel(ctx, cyclus, 'aanmelddatum', `school:${school.brin}`, async () => ({
        events: [{ ontvangerOin: school.oin, type: MILESTONE_EVENT_TYPES.lijstNietAangemeld, volgordeSleutel: null, data: { cyclus, brinVo: school.brin, leerlingen: school.pgns.map((pgn) => ({ pgn })) } }],
        pgns: school.pgns,
      }));
    }
    const stil = await store.zonderUitwisseling(ctx.db, cyclus, 'mbo-instelling');
    const beheer = await beheerOins(ctx);
    const herinneringen = await deel(ctx, cyclus, 'aanmelddatum', 'instellingen', async () => ({
      events: [
        ...stil.flatMap((i) => (i.oin ? [{ ontvangerOin: i.oin, type: MILESTONE_EVENT_TYPES.herinneringGeenUitwisseling, volgordeSleutel: null, data: { cyclus, brinMbo: i.brin } }] : [])),
        ...beheer.map((oin) => ({ ontvangerOin: oin, type: MILESTONE_EVENT_TYPES.instellingenZonderUitwisseling, volgordeSleutel: null, data: volledigheid(cyclus, stil) })),
      ],
    }));
    return { lijsten, instellingenZonderUitwisseling: stil.length, verbonden: stil.filter((i) => i.oin).length, berichten: lijsten + herinneringen };
  },

  'signalering-inschrijving': (ctx, cyclus) => bulkSignaal(ctx, cyclus, 'signalering-inschrijving', 'NIET_INGESCHREVEN', ['GEEN_AANMELDING', 'AANGEMELD']),

  /** 1 Oct: each gemeente an overview of its residents' registrations; each overstapsysteem of its PGNs. */
  async jaaroverzicht(ctx, cyclus) {
    const gemeenten = await signals.gemeentenMetLeerlingen(ctx.db, cyclus);
    const endpoints = await signals.eindpunten(ctx.db, gemeenten);
    let berichten = 0;
    for (const gemeentecode of gemeenten) {
      const oin = endpoints.get(gemeentecode);
      if (!oin) continue;
      berichten += await deel(ctx, cyclus, 'jaaroverzicht', `gemeente:${gemeentecode}`, async (tx) => {
        const aanmeldingen = await store.jaaroverzichtGemeente(tx, cyclus, gemeentecode);
        return {
          events: [{ ontvangerOin: oin, type: SIGNAAL_EVENT_TYPE.JAAROVERZICHT, volgordeSleutel: null, data: { type: 'JAAROVERZICHT', cyclus, gemeentecode, aanmeldingen } }],
          pgns: [...new Set(aanmeldingen.map((a) => a.pgn))],
        };
      });
    }
    for (const os of await store.jaaroverzichtOverstap(ctx.db, cyclus)) {
      berichten += await deel(ctx, cyclus, 'jaaroverzicht', `overstapsysteem:${os.oin}`, async () => ({
        events: [{ ontvangerOin: os.oin, type: MILESTONE_EVENT_TYPES.overstapJaaroverzicht, volgordeSleutel: null, data: { cyclus, aanmeldingen: os.aanmeldingen } }],
        pgns: [...new Set(os.aanmeldingen.map((a) => a.pgn))],
      }));
    }
    return { gemeenten: gemeenten.length, berichten };
  },

  /** 1 Oct, after the jaaroverzicht: freeze the final aggregates, then delete the cycle's personal data. */
  async purge(ctx, cyclus) {
    const cellen = await bevriesDag(ctx, cyclus);
    return { statistiekCellen: cellen, verwijderd: await purgeCycle(ctx, cyclus) };
  },
};

import { verslagen, type Opschoonverslag } from '../purge/controle.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import type { AuditRecord } from '../audit/chain.ts';
import { pgn } from '../domain/pgn.ts';
import { middernacht } from '../calendar/calendar.ts';
import { parseOrThrow } from '../shared/validation.ts';
import { formatTijd, getal, html } from './html.ts';
import { csrfVeld, knop, rij, tabel, veld } from './layout.ts';
import { OPENBAAR_VOOR_API, toon, type Console } from './plugin.ts';
import { door } from './service.ts';
import { csv } from './csv.ts';
import * as store from './store.ts';

const leeg = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const zoekformulier = z.object({
  actorOin: z.preprocess(leeg, z.string().trim().max(20).optional()),
  gebruiker: z.preprocess(leeg, z.string().trim().max(100).optional()),
  actie: z.preprocess(leeg, z.string().trim().max(100).optional()),
  van: z.preprocess(leeg, z.iso.date('van: een datum').optional()),
  tot: z.preprocess(leeg, z.iso.date('tot: een datum').optional()),
  pgn: z.preprocess(leeg, pgn.optional()),
  // Beheer sees nothing about a pupil without recording why (spec §12, §16).
  reden: z.preprocess(leeg, z.string().trim().min(10, 'reden: minstens 10 tekens').max(500).optional()),
}).refine((s) => !s.pgn || s.reden, { path: ['reden'], message: 'verplicht bij zoeken op PGN: waarom zoekt u deze leerling op?' });
type Zoek = z.output<typeof zoekformulier>;

/** Records on a results page, and in one CSV export (newest first). */
const ZOEK_MAX = 200;
const EXPORT_MAX = 10_000;

/** The chain's last verification per hub: walking the whole log is work, so it runs when asked. */
const verificaties = new WeakMap<AppContext, { tijdstip: Date; ok: boolean; records: number; problemen: number; door: string }>();

async function zoek(c: Console, req: FastifyRequest, s: Zoek, actie: 'audit-gezocht-op-pgn' | 'audit-geexporteerd' | null): Promise<AuditRecord[]> {
  const b = req.beheer!;
  // The lookup itself is recorded first, with the pupil's pseudonym and the reason as its purpose.
  if (s.pgn || actie === 'audit-geexporteerd') {
    await c.ctx.audit.record([door(c.ctx, b, req.traceId, { actie: s.pgn ? 'audit-gezocht-op-pgn' : actie!, resource: 'audit', pgn: s.pgn ?? null, doel: s.reden ? `beheer: ${s.reden}` : 'beheer', uitkomst: 'ok' })]);
  }
  return store.zoekAudit(c.ctx.db, {
    actorOin: s.actorOin, gebruiker: s.gebruiker, actie: s.actie, pgnPseudoniem: s.pgn ? c.ctx.audit.pseudonym(s.pgn) : undefined,
    van: s.van ? middernacht(s.van) : undefined, tot: s.tot ? new Date(middernacht(s.tot).getTime() + 86_400_000) : undefined, limit: actie === 'audit-geexporteerd' ? EXPORT_MAX : ZOEK_MAX,
  });
}

async function render(c: Console, req: FastifyRequest, reply: FastifyReply, records: AuditRecord[], s: Partial<Zoek>, titel: string) {
  const v = verificaties.get(c.ctx);
  const [checkpoints, opschoning] = await Promise.all([c.ctx.audit.checkpoints(), verslagen(c.ctx.db)]);
  const csrf = req.csrf;
  const inhoud = html`
<section aria-labelledby="keten-kop"><h2 class="utrecht-heading-2" id="keten-kop">Hashketen</h2>
  <p class="utrecht-paragraph" id="keten-stand">${v ? html`Laatste controle ${formatTijd(v.tijdstip)} door ${v.door}: <strong>${v.ok ? 'intact' : 'NIET intact'}</strong>, ${getal(v.records)} records${v.ok ? '' : `, ${v.problemen} problemen`}.` : 'Nog niet gecontroleerd sinds de start van de hub.'}</p>
  <form method="post" action="/beheer/audit/verificatie">${csrfVeld(csrf)}${knop('Keten nu controleren', 'secondary')}</form>
  <h3 class="utrecht-heading-3">Ondertekende checkpoints</h3>
  <p class="utrecht-paragraph">Bewaar ze buiten de hub (<code>GET /api/v1/beheer/audit/checkpoints</code> of <code>vva audit checkpoints</code>): daartegen blijkt later of de keten herschreven is.</p>
  ${tabel('De laatste vijf checkpoints', ['Seq', 'Tijdstip', 'Hash'], checkpoints.slice(-5).reverse().map((k) => rij(getal(k.seq), formatTijd(new Date(k.tijdstip)), html`<code>${k.hash}</code>`)), 'nog geen checkpoints.')}
</section>
<section aria-labelledby="opschoon-kop"><h2 class="utrecht-heading-2" id="opschoon-kop">Opschoonverslagen</h2>
  ${tabel('Per cyclus: wat de purge verwijderde en wat de controle daarna vond', ['Cyclus', 'Tijdstip', 'Verwijderd', 'Pgn’s van de cyclus', 'Daarna nog gevonden', 'Uitkomst', 'SHA-256'], opschoning.map((o) => {
    const vs = JSON.parse(o.tekst) as Opschoonverslag;
    const gevonden = Object.values(vs.controle.pgnsGevonden).reduce((a, b) => a + b, 0);
    return rij(String(vs.cyclus), formatTijd(new Date(vs.tijdstip)), getal(Object.values(vs.verwijderd).reduce((a, b) => a + b, 0)), getal(vs.controle.pgnsVanCyclus), getal(gevonden), vs.schoon ? 'schoon' : 'NIET schoon', html`<code>${o.hash.slice(0, 16)}…</code>`);
  }), 'nog geen purge uitgevoerd.')}
</section>
<section aria-labelledby="zoek-kop"><h2 class="utrecht-heading-2" id="zoek-kop">Zoeken</h2>
<form class="utrecht-form vva-formulier" method="post" action="/beheer/audit/zoeken">${csrfVeld(csrf)}
  ${veld({ naam: 'actorOin', label: 'OIN van de actor', waarde: s.actorOin ?? '' })}
  ${veld({ naam: 'gebruiker', label: 'Beheerder (gebruikersnaam)', waarde: s.gebruiker ?? '' })}
  ${veld({ naam: 'actie', label: 'Actie', waarde: s.actie ?? '', omschrijving: 'Bijvoorbeeld aflevering-opnieuw of gemeente-eindpunt-ingesteld.' })}
  ${veld({ naam: 'van', label: 'Vanaf datum', type: 'date', waarde: s.van ?? '' })}
  ${veld({ naam: 'tot', label: 'Tot en met datum', type: 'date', waarde: s.tot ?? '' })}
  ${veld({ naam: 'pgn', label: 'PGN (BSN of onderwijsnummer) van een leerling', autocomplete: 'off', omschrijving: 'Zoeken op een leerling wordt zelf vastgelegd, met uw naam en de reden.', extra: html`inputmode="numeric"` })}
  ${veld({ naam: 'reden', label: 'Reden (verplicht bij zoeken op PGN)', waarde: s.reden ?? '' })}
  <div class="utrecht-button-group">${knop('Zoeken')}${knop('Exporteren als CSV', 'secondary', html`formaction="/beheer/audit/export"`)}</div>
</form></section>
<section aria-labelledby="resultaat-kop"><h2 class="utrecht-heading-2" id="resultaat-kop">${titel}</h2>
${tabel(titel, ['Seq', 'Tijdstip', 'Actor', 'Beheerder', 'Actie', 'Resource', 'Leerling (pseudoniem)', 'Doel', 'Uitkomst'], records.map((r) =>
  rij(r.seq, formatTijd(r.tijdstip), r.actorOin, r.gebruiker, r.actie, r.resource, r.pgnPseudoniem ? `${r.pgnPseudoniem.slice(0, 12)}…` : null, r.doel, r.uitkomst)), 'geen records gevonden.')}
</section>`;
  return toon(req, reply, 'Audit', '/beheer/audit', inhoud);
}

/** Audit: search by actor, operator, action, period and PGN (with a recorded reason), CSV export, chain state. */
export function registerAuditPagina(app: FastifyInstance, c: Console) {
  app.get('/audit', OPENBAAR_VOOR_API, async (req, reply) => render(c, req, reply, await store.zoekAudit(c.ctx.db, { limit: 50 }), {}, 'Laatste 50 records'));

  // POST, not GET: a PGN is never in a URL (spec §18).
  app.post('/audit/zoeken', OPENBAAR_VOOR_API, async (req, reply) => {
    const s = parseOrThrow(zoekformulier, req.body);
    const records = await zoek(c, req, s, s.pgn ? 'audit-gezocht-op-pgn' : null);
    // The PGN is not put back in the form: the page, its history and its cache never hold it.
    return render(c, req, reply, records, { ...s, pgn: undefined }, `Gevonden records (${records.length}${records.length === ZOEK_MAX ? `, de nieuwste ${ZOEK_MAX}; de CSV-export geeft er tot ${getal(EXPORT_MAX)}` : ''})`);
  });

  app.post('/audit/export', OPENBAAR_VOOR_API, async (req, reply) => {
    const s = parseOrThrow(zoekformulier, req.body);
    const records = await zoek(c, req, s, 'audit-geexporteerd');
    const kolommen = ['seq', 'tijdstip', 'actorOin', 'gebruiker', 'actie', 'resource', 'pgnPseudoniem', 'doel', 'traceId', 'uitkomst', 'hash'] as const;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="auditlog.csv"')
      .send(csv(kolommen, records.map((r) => kolommen.map((k) => r[k]))));
  });

  app.post('/audit/verificatie', OPENBAAR_VOOR_API, async (req, reply) => {
    const b = req.beheer!;
    const r = await c.ctx.audit.verify();
    verificaties.set(c.ctx, { tijdstip: new Date(), ok: r.ok, records: r.records, problemen: r.problems.length, door: b.naam });
    await c.ctx.audit.record([door(c.ctx, b, req.traceId, { actie: 'audit-keten-gecontroleerd', resource: 'audit', uitkomst: r.ok ? 'intact' : `${r.problems.length} problemen` })]);
    return reply.redirect('/beheer/audit', 303);
  });
}

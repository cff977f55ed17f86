import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseOrThrow } from '../shared/validation.ts';
import { formatTijd, html } from './html.ts';
import { csrfVeld, keuzeveld, knop, rij, tabel, veld } from './layout.ts';
import { OPENBAAR_VOOR_API, toon, vereisBeheerder, wijzigbaar, type Console } from './plugin.ts';
import { ROLLEN } from './sessie.ts';

const naam = z.object({ gebruikersnaam: z.string().trim().min(1).max(50) });
const actief = naam.extend({ actief: z.enum(['ja', 'nee']) });

async function render(c: Console, req: FastifyRequest, reply: FastifyReply, nieuw?: { gebruikersnaam: string; totpGeheim: string; totpUri: string }, melding?: string) {
  const accounts = await c.beheerders.lijst();
  const mag = wijzigbaar(req);
  const nu = Date.now();
  const form = (actie: string, gebruikersnaam: string, tekst: string, extra: Record<string, string> = {}) => html`<form class="vva-inline" method="post" action="/beheer/beheerders/${actie}">${csrfVeld(req.csrf)}
    <input type="hidden" name="gebruikersnaam" value="${gebruikersnaam}">${Object.entries(extra).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}${knop(tekst, 'secondary', html`aria-label="${tekst}: ${gebruikersnaam}"`)}</form>`;
  const inhoud = html`${nieuw ? html`<div class="utrecht-alert utrecht-alert--ok" role="status"><div class="utrecht-alert__content">
    <p class="utrecht-paragraph">Account <strong>${nieuw.gebruikersnaam}</strong> is aangemaakt. Geef het TOTP-geheim veilig door; het wordt niet opnieuw getoond:</p>
    <p class="utrecht-paragraph"><code class="utrecht-code" id="nieuw-totp">${nieuw.totpGeheim}</code></p><p class="utrecht-paragraph"><code class="utrecht-code">${nieuw.totpUri}</code></p></div></div>` : ''}
${tabel('Beheerders', ['Gebruikersnaam', 'Naam', 'Rol', 'Actief', 'Geblokkeerd', ...(mag ? ['Acties'] : [])], accounts.map((a) => {
  const geblokkeerd = a.geblokkeerdTot && a.geblokkeerdTot.getTime() > nu;
  const cellen = [a.gebruikersnaam, a.naam, a.rol, a.actief ? 'ja' : 'nee', geblokkeerd ? `tot ${formatTijd(a.geblokkeerdTot!)}` : a.mislukt ? `nee (${a.mislukt} mislukt)` : 'nee'];
  if (!mag) return rij(...cellen);
  return rij(...cellen, html`${geblokkeerd || a.mislukt ? form('ontgrendelen', a.gebruikersnaam, 'Ontgrendelen') : ''}
    ${a.gebruikersnaam === req.beheer!.gebruikersnaam ? '' : form('actief', a.gebruikersnaam, a.actief ? 'Uitschakelen' : 'Inschakelen', { actief: a.actief ? 'nee' : 'ja' })}`);
}))}
${mag ? html`<section aria-labelledby="nieuw-kop"><h2 class="utrecht-heading-2" id="nieuw-kop">Beheerder toevoegen</h2>
<form class="utrecht-form vva-formulier" method="post" action="/beheer/beheerders/nieuw">${csrfVeld(req.csrf)}
  ${veld({ naam: 'gebruikersnaam', label: 'Gebruikersnaam', verplicht: true, autocomplete: 'off' })}${veld({ naam: 'naam', label: 'Volledige naam', verplicht: true })}
  ${keuzeveld({ naam: 'rol', label: 'Rol', opties: ROLLEN.map((r) => ({ waarde: r, tekst: r })) })}
  ${veld({ naam: 'wachtwoord', label: 'Eerste wachtwoord', type: 'password', verplicht: true, autocomplete: 'new-password', omschrijving: 'Minstens 12 tekens; geef het apart van het TOTP-geheim door.' })}
  ${knop('Beheerder toevoegen')}
</form></section>` : ''}`;
  return toon(req, reply, 'Beheerders', '/beheer/beheerders', inhoud, melding ? { melding: { soort: 'ok', tekst: melding } } : {});
}

/** Beheerders: the operator accounts; a beheerder adds colleagues, lifts a lock-out, (de)activates an account. */
export function registerBeheerdersPagina(app: FastifyInstance, c: Console) {
  app.get('/beheerders', OPENBAAR_VOOR_API, async (req, reply) => {
    const q = req.query as { gedaan?: string };
    return render(c, req, reply, undefined, q.gedaan === 'ja' ? 'De wijziging is opgeslagen.' : undefined);
  });

  // Answered with the page itself: the TOTP secret must never be in a URL.
  app.post('/beheerders/nieuw', OPENBAAR_VOOR_API, async (req, reply) => {
    const b = await vereisBeheerder(c, req);
    const { _csrf, ...invoer } = req.body as Record<string, unknown>;
    const nieuw = await c.beheerders.voegToe(invoer, b.gebruikersnaam);
    return render(c, req, reply, nieuw);
  });

  app.post('/beheerders/ontgrendelen', OPENBAAR_VOOR_API, async (req, reply) => {
    const b = await vereisBeheerder(c, req);
    await c.beheerders.ontgrendel(b.gebruikersnaam, parseOrThrow(naam, req.body).gebruikersnaam, req.traceId);
    return reply.redirect('/beheer/beheerders?gedaan=ja', 303);
  });

  app.post('/beheerders/actief', OPENBAAR_VOOR_API, async (req, reply) => {
    const b = await vereisBeheerder(c, req);
    const f = parseOrThrow(actief, req.body);
    await c.beheerders.zetActief(b.gebruikersnaam, f.gebruikersnaam, f.actief === 'ja', req.traceId);
    return reply.redirect('/beheer/beheerders?gedaan=ja', 303);
  });
}

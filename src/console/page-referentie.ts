import type { FastifyInstance } from 'fastify';
import { referenceCounts } from '../reference-data/store.ts';
import { getal, html } from './html.ts';
import { rij, tabel } from './layout.ts';
import { toon, type Console } from './plugin.ts';

const NAMEN: Record<string, string> = {
  vo_scholen: 'vo-scholen (DUO)', vo_vestigingen: 'vo-vestigingen (DUO)', mbo_instellingen: 'mbo-instellingen', gemeenten: 'gemeenten (CBS)',
  rmc_regios: 'RMC-regio’s', adressen: 'adressen (postcode-huisnummer)', vooropleidingscodes: 'vooropleidingscodes',
};

/** Referentiegegevens: what is loaded now. Upload with diff and apply is still done with `vva import … --dry-run`. */
export function registerReferentiePagina(app: FastifyInstance, c: Console) {
  app.get('/referentiegegevens', async (req, reply) => {
    const counts = await referenceCounts(c.ctx.db);
    const inhoud = html`${tabel('Geladen referentiegegevens', ['Gegevens', 'Actieve rijen'], Object.entries(counts).map(([k, n]) => rij(NAMEN[k] ?? k, getal(n))))}
<p class="utrecht-paragraph">Een nieuw DUO- of CBS-bestand laadt u met <code class="utrecht-code">vva import &lt;soort&gt; &lt;bestand&gt; --dry-run</code> (toont wat er verandert) en daarna zonder <code class="utrecht-code">--dry-run</code>; de import is alles-of-niets, ook terwijl de hub draait.</p>`;
    return toon(req, reply, 'Referentiegegevens', '/beheer/referentiegegevens', inhoud);
  });
}

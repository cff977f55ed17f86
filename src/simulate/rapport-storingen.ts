import type { TopLevelSpec } from 'vega-lite';
import type { Gedrag } from './ontvanger.ts';
import type { Verloop } from './simuleer.ts';

const GEDRAG_NAAM: Record<Gedrag, string> = {
  goed: 'webhook zonder storing', half: 'webhook: helft 500', traag: 'webhook: te laat (timeout)', druk: 'webhook: 429 + Retry-After', weg: 'webhook: 410 Gone → ophalen',
};

const kwantiel = (xs: number[], q: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** One row per kind of fault: how often it struck, the retries it caused, and the delay until delivery (or answer). */
export function storingsRijen(v: Verloop['storingen']) {
  const rijen = [...v.ontvangers].filter(([, s]) => s.verzoeken > 0).map(([g, s]) => ({
    soort: GEDRAG_NAAM[g], eindpunten: s.eindpunten, storingen: s.storingen, herhalingen: s.herhalingen, geraakt: s.geraakt,
    p50: kwantiel(s.vertragingMs, 0.5) / 1000, p95: kwantiel(s.vertragingMs, 0.95) / 1000,
  }));
  const kills = v.ingrepen.filter((i) => i.soort === 'SIGKILL').length;
  const cuts = v.ingrepen.filter((i) => i.soort === 'pg_terminate_backend').length;
  const herhaald = [...v.klant.values()].reduce((s, n) => s + n, 0);
  if (kills + cuts > 0 || herhaald > 0) {
    rijen.push({
      soort: 'hub: SIGKILL, pg_terminate_backend', eindpunten: v.processen.length, storingen: kills + cuts, herhalingen: herhaald, geraakt: v.klantWachttijdMs.length,
      p50: kwantiel(v.klantWachttijdMs, 0.5) / 1000, p95: kwantiel(v.klantWachttijdMs, 0.95) / 1000,
    });
  }
  return rijen;
}

export function storingsGrafiek(v: Verloop['storingen']): TopLevelSpec {
  const rijen = storingsRijen(v);
  const tellingen = rijen.flatMap((r) => [{ soort: r.soort, maat: 'storingen', aantal: r.storingen }, { soort: r.soort, maat: 'herhalingen', aantal: r.herhalingen }]);
  const vertraging = rijen.flatMap((r) => [{ soort: r.soort, maat: 'mediaan', seconden: r.p50 }, { soort: r.soort, maat: 'p95', seconden: r.p95 }]);
  return {
    title: 'Storingen en hun gevolg: herhalingen, vertraging tot aflevering (of antwoord)',
    hconcat: [
      {
        width: 300, height: 220, data: { values: tellingen }, mark: 'bar',
        encoding: { y: { field: 'soort', type: 'nominal', title: null, axis: { labelLimit: 320 } }, yOffset: { field: 'maat' }, x: { field: 'aantal', type: 'quantitative', title: 'aantal (storingen, herhaalde pogingen)' }, color: { field: 'maat', type: 'nominal', title: null } },
      },
      {
        width: 260, height: 220, data: { values: vertraging }, mark: 'bar',
        encoding: { y: { field: 'soort', type: 'nominal', title: null, axis: null }, yOffset: { field: 'maat' }, x: { field: 'seconden', type: 'quantitative', title: 'vertraging (s), geraakte berichten' }, color: { field: 'maat', type: 'nominal', title: null, scale: { scheme: 'set2' } } },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}

/** The Markdown of the faults: what was injected where, and what it cost. */
export function storingsMarkdown(v: Verloop['storingen']): string[] {
  const rijen = storingsRijen(v);
  if (rijen.every((r) => r.storingen === 0) && v.ingrepen.length === 0) return [];
  const n = (x: number) => x.toLocaleString('en');
  return [
    '## Storingen',
    '',
    `Hub: ${v.processen.join(', ')}. Elke storing hieronder is ingebracht terwijl de partijen verstuurden; de controles hierboven gelden ondanks alle storingen (dubbel ontvangen mag, ontdubbeld op \`id\`; niets mag ontbreken of te veel zijn).`,
    '',
    '| storing | eindpunten/processen | storingen | herhaalde pogingen | geraakte berichten | vertraging mediaan | p95 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rijen.map((r) => `| ${r.soort} | ${n(r.eindpunten)} | ${n(r.storingen)} | ${n(r.herhalingen)} | ${n(r.geraakt)} | ${r.p50.toFixed(1)} s | ${r.p95.toFixed(1)} s |`),
    '',
    ...(v.ingrepen.length ? ['| dag | ingreep in de hub | doel | herstart |', '| --- | --- | --- | ---: |', ...v.ingrepen.map((i) => `| ${i.dag} | ${i.soort} | ${i.doel} | ${i.herstartMs !== undefined ? `${(i.herstartMs / 1000).toFixed(1)} s` : ''} |`), ''] : []),
    `Klanten die een verzoek opnieuw stuurden (verbinding weg, 408/502/503): ${[...v.klant].map(([k, x]) => `${n(x)}× ${k}`).join(', ') || 'geen'}. Herhaalde pogingen bij webhooks zijn de pogingen van de hub na de eerste, zoals de ontvanger ze zag; ook een webhook zonder eigen storing ziet er een paar wanneer een gedood proces zijn afleveringen niet meer kon afmaken.`,
    '',
    '![Storingen en hun gevolg](storingen.svg)',
    '',
  ];
}

import { describe, expect, it } from 'vitest';
import { BLOKKADE_MS, besluitAanmelding, isGeblokkeerd, MAX_MISLUKT, naMislukking, naSucces, type PogingStand } from './blokkade.ts';
import { csrfGeldig, csrfToken, herkomstToegestaan } from './csrf.ts';
import { celWaarde } from './beleid.ts';
import { alertTekst } from './service.ts';
import { csv, csvVeld } from './csv.ts';
import { html, vertrouwd } from './html.ts';
import { INACTIEF_MS, MAX_DUUR_MS, sessieGeldig } from './sessie.ts';
import { controleerTotp, nieuwTotpGeheim, stapVan, totpCode } from './totp.ts';
import { controleerWachtwoord, hashWachtwoord, ONBEKEND_HASH, wachtwoordProblemen } from './wachtwoord.ts';

const T0 = Date.parse('2027-01-15T09:00:10Z');

describe('TOTP window', () => {
  const geheim = nieuwTotpGeheim();
  it('accepts the current code and one step either side, and refuses two steps away', () => {
    expect(controleerTotp(geheim, totpCode(geheim, T0), T0, 0)).toBe(stapVan(T0));
    expect(controleerTotp(geheim, totpCode(geheim, T0 - 30_000), T0, 0)).toBe(stapVan(T0) - 1);
    expect(controleerTotp(geheim, totpCode(geheim, T0 + 30_000), T0, 0)).toBe(stapVan(T0) + 1);
    expect(controleerTotp(geheim, totpCode(geheim, T0 - 60_000), T0, 0)).toBeNull();
    expect(controleerTotp(geheim, totpCode(geheim, T0 + 60_000), T0, 0)).toBeNull();
  });
  it('never accepts a code of a step already used (no replay)', () => {
    const code = totpCode(geheim, T0);
    const stap = controleerTotp(geheim, code, T0, 0)!;
    expect(controleerTotp(geheim, code, T0 + 1_000, stap)).toBeNull();
    expect(controleerTotp(geheim, totpCode(geheim, T0 + 30_000), T0 + 30_000, stap)).toBe(stap + 1);
  });
  it('refuses malformed codes and codes of another secret; tolerates a space', () => {
    const code = totpCode(geheim, T0);
    expect(controleerTotp(geheim, `${code.slice(0, 3)} ${code.slice(3)}`, T0, 0)).toBe(stapVan(T0));
    expect(controleerTotp(geheim, '12345', T0, 0)).toBeNull();
    expect(controleerTotp(geheim, 'abcdef', T0, 0)).toBeNull();
    expect(controleerTotp(nieuwTotpGeheim(), code, T0, 0)).toBeNull();
  });
});

describe('lock-out', () => {
  const nu = new Date(T0);
  it('locks on the fifth failure in a row, for 15 minutes', () => {
    let s: PogingStand = naSucces();
    for (let i = 1; i < MAX_MISLUKT; i++) {
      s = naMislukking(s, nu);
      expect(isGeblokkeerd(s, nu)).toBe(false);
      expect(s.mislukt).toBe(i);
    }
    s = naMislukking(s, nu);
    expect(isGeblokkeerd(s, nu)).toBe(true);
    expect(isGeblokkeerd(s, new Date(T0 + BLOKKADE_MS - 1))).toBe(true);
    expect(isGeblokkeerd(s, new Date(T0 + BLOKKADE_MS))).toBe(false);
  });
  it('starts counting afresh after the lock expired, and after a success', () => {
    const geblokkeerd = { mislukt: 0, geblokkeerdTot: new Date(T0) };
    const later = new Date(T0 + 1);
    expect(naMislukking(geblokkeerd, later)).toEqual({ mislukt: 1, geblokkeerdTot: null });
    expect(naSucces()).toEqual({ mislukt: 0, geblokkeerdTot: null });
  });
});

describe('CSRF', () => {
  it('accepts only the token of the same secret and binding', () => {
    const t = csrfToken('geheim-a', 'sessie-1');
    expect(csrfGeldig('geheim-a', 'sessie-1', t)).toBe(true);
    expect(csrfGeldig('geheim-a', 'sessie-2', t)).toBe(false);
    expect(csrfGeldig('geheim-b', 'sessie-1', t)).toBe(false);
    expect(csrfGeldig('geheim-a', 'sessie-1', undefined)).toBe(false);
    expect(csrfGeldig('geheim-a', 'sessie-1', '')).toBe(false);
    expect(csrfGeldig('geheim-a', 'sessie-1', `${t}x`)).toBe(false);
  });
  it('refuses cross-site form posts by Fetch metadata or Origin', () => {
    expect(herkomstToegestaan({ secFetchSite: 'same-origin' })).toBe(true);
    expect(herkomstToegestaan({ secFetchSite: 'cross-site' })).toBe(false);
    expect(herkomstToegestaan({ secFetchSite: 'same-site' })).toBe(false);
    expect(herkomstToegestaan({ origin: 'http://127.0.0.1:8080', host: '127.0.0.1:8080' })).toBe(true);
    expect(herkomstToegestaan({ origin: 'https://evil.example', host: '127.0.0.1:8080' })).toBe(false);
    expect(herkomstToegestaan({ host: '127.0.0.1:8080' })).toBe(true);
  });
});

describe('sessions', () => {
  const nu = new Date(T0);
  it('end after 30 idle minutes or 10 hours in all', () => {
    expect(sessieGeldig({ aangemaakt: nu, laatstGezien: nu }, new Date(T0 + INACTIEF_MS - 1))).toBe(true);
    expect(sessieGeldig({ aangemaakt: nu, laatstGezien: nu }, new Date(T0 + INACTIEF_MS))).toBe(false);
    const laat = new Date(T0 + MAX_DUUR_MS);
    expect(sessieGeldig({ aangemaakt: nu, laatstGezien: new Date(laat.getTime() - 1000) }, laat)).toBe(false);
  });
});

describe('passwords', () => {
  it('verify against their scrypt hash only', async () => {
    const h = await hashWachtwoord('correct paard batterij niet');
    expect(h.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await controleerWachtwoord('correct paard batterij niet', h)).toBe(true);
    expect(await controleerWachtwoord('correct paard batterij', h)).toBe(false);
    expect(await controleerWachtwoord('', ONBEKEND_HASH)).toBe(false);
    expect(wachtwoordProblemen('kort')).toHaveLength(1);
    expect(wachtwoordProblemen('lang genoeg wachtwoord')).toEqual([]);
  });
});

describe('suppression (spec §15)', () => {
  it('shows small counts as <5 and leaves out shares and medians over fewer than 5', () => {
    expect(celWaarde('aangemeld', 4, 4)).toBe('<5');
    expect(celWaarde('aangemeld', 5, 5)).toBe(5);
    expect(celWaarde('doorlooptijdDagenMediaan', 12.34, 4)).toBeNull();
    expect(celWaarde('meervoudigAangemeldProcent', 12.34, 40)).toBe(12.3);
    expect(celWaarde('aangemeld', null, 0)).toBeNull();
  });
});

describe('templates', () => {
  it('escape every interpolated value, except trusted markup', () => {
    const naam = '<script>alert("x")</script> & co';
    expect(html`<p title="${naam}">${naam}</p>`.value).toBe('<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</p>');
    expect(html`<ul>${['<a>', html`<li>ok</li>`]}</ul>`.value).toBe('<ul>&lt;a&gt;<li>ok</li></ul>');
    expect(html`${vertrouwd('<svg></svg>')}${null}${undefined}${false}${0}`.value).toBe('<svg></svg>0');
  });
});

describe('alerts in words', () => {
  it('names the party and counts the schools', () => {
    const namen = new Map([['00000007000018BR00000', 'School Assen']]);
    expect(alertTekst('nl.vva.beheer.dode-letter.v1', { ontvangerOin: '00000007000018BR00000', pogingen: 20, laatsteFout: 'HTTP 503' }, namen))
      .toBe('Dode letter voor School Assen (00000007000018BR00000) na 20 pogingen (HTTP 503).');
    expect(alertTekst('nl.vva.beheer.scholen-zonder-levering.v1', { cyclus: 2027, brins: ['18BR', '16PS'] })).toBe('2 vo-school/scholen leverden niets vóór de leverdatum (cyclus 2027).');
    expect(alertTekst('nl.vva.beheer.iets-nieuws.v1', {})).toBe('nl.vva.beheer.iets-nieuws.v1');
  });
});

describe('CSV downloads', () => {
  it('quote separators and neutralise formulas', () => {
    expect(csv(['a', 'b'], [['x;y', 'zei "ja"'], ['=SOM(A1)', -3], [null, new Date('2027-01-01T00:00:00Z')]]))
      .toBe('a;b\n"x;y";"zei ""ja"""\n\'=SOM(A1);-3\n;2027-01-01T00:00:00.000Z\n');
    expect(csvVeld('<5')).toBe('<5');
  });
});

describe('one sign-in decision for the console and the instelling administrators', () => {
  const nu = new Date('2027-03-01T10:00:00Z');
  const geheim = nieuwTotpGeheim();
  const code = totpCode(geheim, nu.getTime());
  const vrij = { mislukt: 0, geblokkeerdTot: null, totpLaatsteStap: 0 };
  it.each([
    ['locked: refused unchecked', { ...vrij, geblokkeerdTot: new Date(nu.getTime() + 60_000) }, true, code, { soort: 'geblokkeerd', uitkomst: 'geblokkeerd' }],
    ['wrong password: a failure', vrij, false, code, { soort: 'mislukt', uitkomst: 'mislukt', reden: 'onjuist', pogingen: { mislukt: 1, geblokkeerdTot: null } }],
    ['wrong code: a failure', vrij, true, '000000' === code ? '111111' : '000000', { soort: 'mislukt', uitkomst: 'mislukt', reden: 'onjuist' }],
    ['the fifth failure locks', { ...vrij, mislukt: MAX_MISLUKT - 1 }, false, code, { soort: 'mislukt', uitkomst: 'mislukt-nu-geblokkeerd', reden: 'geblokkeerd' }],
    ['right: the step is consumed, the count cleared', { ...vrij, mislukt: 3 }, true, code, { soort: 'gelukt', uitkomst: 'ok', pogingen: naSucces() }],
  ] as const)('%s', (_, account, wachtwoordOk, c, verwacht) => {
    expect(besluitAanmelding(account, () => geheim, wachtwoordOk, c, nu)).toMatchObject(verwacht);
  });
  it('a code already used does not sign in twice', () => {
    const eerst = besluitAanmelding(vrij, () => geheim, true, code, nu);
    expect(eerst.soort).toBe('gelukt');
    const stap = (eerst as { stap: number }).stap;
    expect(besluitAanmelding({ ...vrij, totpLaatsteStap: stap }, () => geheim, true, code, nu).soort).toBe('mislukt');
  });
});

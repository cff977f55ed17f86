import { describe, expect, it } from 'vitest';
import { isBsn } from '../domain/pgn.ts';
import { catalogusRegel } from './catalogus/importer.ts';
import { deeplink, returnUrlToegestaan } from './catalogus/deeplink.ts';
import { leerwegVan } from './catalogus/leerweg.ts';
import { GeenDuoBron, TestDuoBron } from './aanmelding/duo-bron.ts';
import {
  adresProblemen, CA_STATUSSEN, intrekkenToegestaan, isKetenId, ketenIdUitAanmeldingId, kiesAdres, leeftijdOp, nieuwKetenId, ouderVereist, type CaStatus,
} from './aanmelding/regels.ts';
import { kiesKoppelpunt, sisStaat, type Koppelpunt } from './koppelpunt/kies.ts';

describe('withdrawal (spec §17: while INGEDIEND or OA, not when enrolled or final)', () => {
  const verwacht: Record<CaStatus, boolean> = { INGEDIEND: true, AO: false, OA: true, LI: false, LNI: false, AI: false };
  it.each(CA_STATUSSEN)('%s', (s) => expect(intrekkenToegestaan(s)).toBe(verwacht[s]));
});

describe('ketenId: 8 digits starting with 9', () => {
  it.each([['90355557', true], ['99999999', true], ['90000000', true], ['80355557', false], ['9035555', false], ['903555570', false], ['9a355557', false]])('%s → %s', (s, ok) => {
    expect(isKetenId(s as string)).toBe(ok);
  });
  it('generates valid ids at both ends of the range', () => {
    expect(nieuwKetenId(() => 0)).toBe('90000000');
    expect(nieuwKetenId((max) => max - 1)).toBe('99999999');
    for (let i = 0; i < 200; i++) expect(isKetenId(nieuwKetenId())).toBe(true);
  });
  it.each([
    ['25LJ:90355557', { brin: '25LJ', ketenId: '90355557' }],
    ['25LJ:10355557', null],
    ['25lj:90355557', null],
    ['90355557', null],
  ])('aanmeldingId %s', (id, expected) => expect(ketenIdUitAanmeldingId(id)).toEqual(expected));
});

describe('age and parent/guardian (required under 18)', () => {
  it.each([
    ['2009-04-01', '2027-03-31', 17, true],
    ['2009-04-01', '2027-04-01', 18, false],
    ['2009-02-28', '2027-03-01', 18, false],
    ['2008-02-29', '2026-02-28', 17, true],
    ['2008-02-29', '2026-03-01', 18, false],
    ['1990-01-01', '2027-01-15', 37, false],
  ])('born %s, on %s: %i years, guardian required %s', (geboren, dag, jaren, vereist) => {
    expect(leeftijdOp(geboren, dag)).toBe(jaren);
    expect(ouderVereist(geboren, dag)).toBe(vereist);
  });
});

describe('address choice (a secret address is never used)', () => {
  const nl = { woonland: '6030', postcode: '1011AB', huisnummer: 1 };
  const eigen = { woonland: '6030', postcode: '9401AA', huisnummer: 12 };
  it.each([
    ['DUO address, nothing entered', { ...nl, indicatieGeheim: 0 }, undefined, { adres: nl }],
    ['DUO address, the student entered one', { ...nl, indicatieGeheim: 0 }, eigen, { adres: eigen }],
    ['secret DUO address, the student entered one', { ...nl, indicatieGeheim: 7 }, eigen, { adres: eigen }],
    ['restricted (not 7) DUO address is used', { ...nl, indicatieGeheim: 4 }, undefined, { adres: nl }],
  ] as const)('%s', (_, duo, opgegeven, expected) => expect(kiesAdres(duo, opgegeven)).toEqual(expected));

  it('a secret DUO address without an entered one is a problem, and never appears in it', () => {
    const r = kiesAdres({ ...nl, indicatieGeheim: 7 }, undefined);
    expect(r).toEqual({ problemen: [{ name: 'adres', reason: expect.stringContaining('geheim') }] });
    expect(JSON.stringify(r)).not.toContain('1011AB');
  });
  it('no DUO address and none entered is a problem', () => {
    expect(kiesAdres(null, undefined)).toMatchObject({ problemen: [{ name: 'adres' }] });
  });

  it.each([
    ['NL complete', nl, []],
    ['NL without huisnummer', { woonland: '6030', postcode: '1011AB' }, ['adres.huisnummer']],
    ['NL with a regel1', { ...nl, regel1: 'x' }, ['adres.regel1']],
    ['abroad with regel1..3', { woonland: '5010', regel1: 'Rue de la Loi 16', regel2: '1000 Brussel', regel3: 'België' }, []],
    ['abroad without regel1', { woonland: '5010', regel2: 'x' }, ['adres.regel1']],
    ['abroad with a postcode', { woonland: '5010', regel1: 'x', postcode: '1011AB', huisnummer: 3 }, ['adres.postcode', 'adres.huisnummer']],
  ] as const)('address set: %s', (_, adres, velden) => {
    expect(adresProblemen(adres).map((p) => p.name)).toEqual(velden);
  });
});

describe('RIO leerweg/intensiteit: one field', () => {
  it.each([
    ['BOL', 'VOLTIJD', 'BOL'], ['BOL', 'DEELTIJD', 'ODT'], ['BBL', 'VOLTIJD', 'BBL'], ['BBL', 'DEELTIJD', 'BBL'],
    ['BBL', 'EXAMENDEELNEMER', 'EX'], ['BOL', 'EXAMENDEELNEMER', 'EX'], ['', 'EXAMENDEELNEMER', 'EX'],
    ['bol', 'voltijd', 'BOL'], ['BOL', '', 'BOL'], ['OVO', 'VOLTIJD', null], ['', '', null], ['BOL', 'AVOND', null],
  ])('%s + %s → %s', (lw, int, expected) => expect(leerwegVan(lw, int)).toBe(expected));

  const regel = {
    AANGEBODENOPLEIDINGCODE: 'X-1', ONDERWIJSAANBIEDERCODE: '90AAA', INSTELLINGSCODE: '90AA', WERVINGSNAAM: 'Kok', OPLEIDINGSEENHEIDCODE: '29648',
    LEERWEG: 'BBL', DEFAULT_INTENSITEIT: 'EXAMENDEELNEMER', ONDERWIJSLOCATIE: 'A', COHORTCODE: '2027-08', INSTROOMMOMENT: '2027-08-30',
    BEGIN_AANMELDPERIODE: '2026-10-01', EINDE_AANMELDPERIODE: '2027-08-29', SYNTHETISCH: 'J',
  };
  it('a catalogue line becomes an opleiding and a cohort; lines that cannot be offered are skipped', () => {
    expect(catalogusRegel(regel)).toMatchObject({ opleiding: { leerweg: 'EX', crebo: '29648', synthetisch: true }, cohort: { cohort: '2027-08' } });
    expect(catalogusRegel({ ...regel, LEERWEG: 'OVO', DEFAULT_INTENSITEIT: 'VOLTIJD' })).toBeNull();
    expect(catalogusRegel({ ...regel, BEGIN_AANMELDPERIODE: '2027-09-01' })).toBeNull();
    expect(catalogusRegel({ ...regel, INSTROOMMOMENT: '30-08-2027' })).toBeNull();
  });
});

describe('koppelpunt choice (two SIS may share one instelling)', () => {
  const k = (koppelpuntcode: string, onderwijsaanbieders: string[] = [], actief = true, brin = '90AA'): Koppelpunt => ({ koppelpuntcode, brin, onderwijsaanbieders, actief });
  const all = [k('90AA'), k('90AA-b', ['90AAB']), k('90aa', ['90AAC'], false), k('91AH', [], true, '91AH')];
  it.each([
    ['90AAA', '90AA'], ['90AAB', '90AA-b'], ['90AAC', '90AA'],
  ])('aanbieder %s → %s', (aanbieder, code) => expect(kiesKoppelpunt(all, '90AA', aanbieder)).toBe(code));
  it('none configured → null', () => expect(kiesKoppelpunt(all, '92AR', '92ARA')).toBeNull());
  it('only named koppelpunten, another aanbieder → null', () => expect(kiesKoppelpunt([k('90AA-b', ['90AAB'])], '90AA', '90AAA')).toBeNull());

  it.each([
    [{ bevestigd: false, foutmeldingen: 0 }, 'niet opgehaald'],
    [{ bevestigd: true, foutmeldingen: 0 }, 'opgehaald'],
    [{ bevestigd: true, foutmeldingen: 2 }, 'heeft foutmeldingen'],
    [{ bevestigd: false, foutmeldingen: 1 }, 'heeft foutmeldingen'],
  ] as const)('%o → %s', (s, staat) => expect(sisStaat(s)).toBe(staat));
});

describe('the DUO test source', () => {
  it('holds only elfproef-valid test BSNs and the cases of §17', () => {
    const bron = new TestDuoBron();
    expect([...bron.personen.keys()].every(isBsn)).toBe(true);
    expect(bron.nummer(2).adres?.indicatieGeheim).toBe(7);
    expect(bron.nummer(3).adres?.woonland).not.toBe('6030');
    expect(bron.nummer(4).vooropleiding).toBeNull();
  });
  it('production has no synthetic persons: without the DUO link a lookup is refused with 503', async () => {
    await expect(new GeenDuoBron().persoon()).rejects.toMatchObject({ status: 503, code: 'duo-niet-gekoppeld' });
  });
});

describe('deeplink returnUrl: only to the instelling’s allowed domains', () => {
  const domeinen = ['roc-synthetisch.nl', 'vakcollege.example'];
  it.each([
    ['https://roc-synthetisch.nl/opleidingen', true],
    ['https://www.roc-synthetisch.nl/a?b=c#d', true],
    ['https://WWW.ROC-SYNTHETISCH.NL/', true],
    ['https://vakcollege.example', true],
    ['http://roc-synthetisch.nl/', false],
    ['https://evilroc-synthetisch.nl/', false],
    ['https://roc-synthetisch.nl.evil.example/', false],
    ['https://user@roc-synthetisch.nl/', false],
    ['https://roc-synthetisch.nl:8443/', false],
    ['javascript:alert(1)', false],
    ['//roc-synthetisch.nl/', false],
    ['geen url', false],
  ])('%s → %s', (url, ok) => expect(returnUrlToegestaan(url, domeinen)).toBe(ok));
  it('no allowed domains: never', () => expect(returnUrlToegestaan('https://roc-synthetisch.nl/', [])).toBe(false));
  it('builds the link, with the returnUrl only when allowed', () => {
    expect(deeplink('SYN-90AA-01', 'https://www.roc-synthetisch.nl/x', domeinen)).toEqual({
      deeplink: '/aanmelden/opleidingen/SYN-90AA-01?returnUrl=https%3A%2F%2Fwww.roc-synthetisch.nl%2Fx', returnUrlGehonoreerd: true,
    });
    expect(deeplink('SYN-90AA-01', 'https://evil.example/', domeinen)).toEqual({ deeplink: '/aanmelden/opleidingen/SYN-90AA-01', returnUrlGehonoreerd: false });
  });
});

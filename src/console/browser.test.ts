import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aanmeldstatus, mboGanger, nieuwePgn, send } from '../../test/berichten.ts';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { Receiver } from '../../test/receiver.ts';
import { bevriesDag } from '../statistics/service.ts';
import { PAGINAS } from './layout.ts';
import { maakBeheerder } from './testklant.ts';

/** Debian's chromium (installed by .ci/run); Playwright's own browser download is not reachable. */
export const CHROMIUM = process.env.VVA_CHROMIUM ?? '/usr/bin/chromium';

let hub: TestHub;
let receiver: Receiver;
let browser: Browser;
let page: Page;
let base: string;
const school = demo('vo-school', 0); // 18BR: receives its pupils' statuses by webhook
const roc = demo('mbo-instelling', 0);
const rmc = demo('rmc-regio');
const amsterdam = demo('gemeente', 1);
const beheer = demo('beheer');
const pgnVanLeerling = nieuwePgn();

async function deadLetter(): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { rows } = await hub.db.query<{ event_id: string }>(`select event_id from aflevering where ontvanger_oin = $1 and status = 'dode-letter'`, [school.oin]);
    if (rows[0]) return rows[0].event_id;
    if (Date.now() > deadline) throw new Error('no dead letter in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  // Shortened delivery timings (retries from 50 ms, dead letter after 3 s), so a real dead letter appears quickly.
  hub = await createTestHub({
    clockStart: '2027-02-10T10:00:00+01:00', delivery: true,
    env: { VVA_AFLEVERING_BASIS_MS: '50', VVA_AFLEVERING_MAX_INTERVAL_MS: '200', VVA_AFLEVERING_OPGEVEN_NA_MS: '3000', VVA_AFLEVERING_TIMEOUT_MS: '2000' },
  });
  for (const p of [school, roc, rmc, amsterdam, beheer]) await hub.party(p.oin);
  receiver = await new Receiver().start();
  const reg = await hub.app.inject({ method: 'PUT', url: '/api/v1/webhook', headers: { authorization: `Bearer ${hub.tokenOf(school.oin)}` }, payload: { url: receiver.url, geheimen: ['test-webhook-geheim-0123456789abcdef0123'] } });
  expect(reg.statusCode).toBe(200);
  receiver.answer = () => 503;
  await send(hub, 'mbo-gangerberichten', school.oin, [mboGanger({ pgn: pgnVanLeerling })]);
  const status = await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ pgn: pgnVanLeerling })]);
  expect(status.json().resultaten[0].resultaat).toBe('VERWERKT');
  // A few more pupils, so that the charts show counts of 5 and over next to suppressed ones.
  const leerlingen = Array.from({ length: 8 }, () => nieuwePgn());
  await send(hub, 'mbo-gangerberichten', school.oin, leerlingen.map((pgn) => mboGanger({ pgn })));
  await send(hub, 'aanmeldstatusberichten', roc.oin, leerlingen.slice(0, 6).map((pgn, i) => aanmeldstatus({ pgn, crebo: i < 5 ? '25655' : '25180' })));
  await deadLetter();
  await bevriesDag(hub.ctx, 2027);
  base = await hub.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await (await browser.newContext({ acceptDownloads: true, locale: 'nl-NL', viewport: { width: 1280, height: 800 } })).newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await receiver?.stop();
  await hub?.close();
});

/** `VVA_SCREENSHOTS=docs/beheer` (npm run screenshots:beheer) also saves each page as a PNG for the README. */
const SCREENSHOTS = process.env.VVA_SCREENSHOTS;
async function schermafdruk(p: Page, naam: string) {
  if (SCREENSHOTS) await p.screenshot({ path: path.join(SCREENSHOTS, `${naam}.png`), fullPage: true });
}

async function geenErnstigeProblemen(p: Page, pad: string) {
  const result = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const ernstig = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(ernstig.map((v) => `${pad}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

describe('the beheer console in a real browser', () => {
  it('signs in with password and TOTP code', async () => {
    const a = await maakBeheerder(hub.ctx, 'browser-beheerder');
    await page.goto(`${base}/beheer/`);
    expect(new URL(page.url()).pathname).toBe('/beheer/inloggen');
    await geenErnstigeProblemen(page, '/beheer/inloggen');
    await schermafdruk(page, 'inloggen');
    await page.getByLabel('Gebruikersnaam').fill(a.gebruikersnaam);
    await page.getByLabel('Wachtwoord').fill(a.wachtwoord);
    await page.getByLabel('Code uit de authenticator-app').fill(a.code());
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/beheer/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overzicht');
    // The overview leads to the problem: dead letters, the failing endpoint, the hub's own alert.
    expect(await page.getByRole('table', { name: 'Eindpunten die aandacht vragen' }).textContent()).toContain(school.naam);
    expect(await page.getByRole('table', { name: 'Waarschuwingen aan beheer' }).textContent()).toContain(`Dode letter voor ${school.naam} (${school.oin})`);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'vva_beheer')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true, path: '/beheer' });
  });

  it('finds a school that delivered nothing, per RMC region', async () => {
    const tegel = page.locator('.vva-tegel', { has: page.getByRole('heading', { name: 'Zonder levering' }) });
    await tegel.getByRole('link', { name: 'Bekijken' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Volledigheid');
    await page.getByRole('link', { name: '21 Agglomeratie Amsterdam' }).click();
    const lijst = page.getByRole('table', { name: 'Vo-scholen zonder mbo-gangerberichten' });
    expect(await lijst.getByRole('row', { name: /16PS/ }).textContent()).toContain('niet aangesloten');
    // The school that did deliver is not on any list.
    await page.goto(`${base}/beheer/volledigheid?rmc=07`);
    expect(await page.getByRole('table', { name: /Vo-scholen zonder mbo-gangerberichten/ }).textContent()).not.toContain('18BR');
    await page.getByRole('link', { name: 'Overzicht' }).first().click();
  });

  it('shows the failing endpoint and replays its dead letter', async () => {
    await page.getByRole('link', { name: 'Aflevering' }).first().click();
    const rijSchool = page.getByRole('row', { name: new RegExp(school.naam) });
    await expect.poll(() => rijSchool.first().textContent()).toContain('HTTP 503');
    await page.getByRole('link', { name: school.naam }).first().click();
    expect(await page.getByRole('heading', { name: `Mislukte pogingen van ${school.naam}` }).isVisible()).toBe(true);
    expect(await page.getByRole('table', { name: /Laatste mislukte pogingen/ }).textContent()).toContain('503');
    const letter = await deadLetter();
    receiver.answer = () => 200;
    await page.getByRole('button', { name: `Bericht ${letter} opnieuw afleveren` }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('1 dode letter(s) opnieuw in de wachtrij gezet');
    await receiver.waitFor(() => receiver.ok.some((r) => r.id === letter));
    const { rows } = await hub.db.query<{ status: string }>('select status from aflevering where event_id = $1', [letter]);
    expect(rows[0]!.status).toBe('afgeleverd');
  });

  it('changes a gemeente endpoint to the RMC region', async () => {
    await page.getByRole('link', { name: 'Organisaties' }).first().click();
    await page.getByLabel('Eindpunt voor Amsterdam').selectOption({ label: rmc.naam });
    await page.getByRole('button', { name: 'Eindpunt van Amsterdam opslaan' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Het eindpunt van gemeente 0363 is gewijzigd.');
    expect(await page.getByRole('row', { name: /Amsterdam \(0363\)/ }).textContent()).toContain(rmc.naam);
  });

  it('searches the audit log by PGN with a reason, which is recorded', async () => {
    await page.getByRole('link', { name: 'Audit' }).first().click();
    await page.getByLabel('PGN (BSN of onderwijsnummer) van een leerling').fill(pgnVanLeerling);
    await page.getByRole('button', { name: 'Zoeken' }).click();
    // The browser's own validation is not needed: the server refuses a PGN search without a reason.
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('verplicht bij zoeken op PGN');
    await geenErnstigeProblemen(page, 'foutpagina');
    await page.getByRole('link', { name: 'Terug naar het formulier' }).click();
    await page.getByLabel('PGN (BSN of onderwijsnummer) van een leerling').fill(pgnVanLeerling);
    await page.getByLabel('Reden (verplicht bij zoeken op PGN)').fill('controle na klacht van ouders, zaak 2027-17');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    const resultaat = page.getByRole('table', { name: /Gevonden records/ });
    await expect.poll(() => resultaat.textContent()).toContain('mbo-gangerbericht-ontvangen');
    expect(new URL(page.url()).search).toBe('');
    expect(await page.content()).not.toContain(pgnVanLeerling);
    const { rows } = await hub.db.query<{ gebruiker: string; doel: string }>(`select gebruiker, doel from audit_log where actie = 'audit-gezocht-op-pgn' order by seq desc limit 1`);
    expect(rows[0]).toEqual({ gebruiker: 'browser-beheerder', doel: 'beheer: controle na klacht van ouders, zaak 2027-17' });
  });

  it('reads a chart and downloads its CSV', async () => {
    await page.getByRole('link', { name: 'Beleidsinformatie' }).first().click();
    const figuur = page.locator('#voor-en-na-aanmelddatum-grafiek');
    expect(await figuur.locator('svg').count()).toBe(1);
    expect(await figuur.getByRole('img').getAttribute('aria-label')).toContain('potentiële mbo-gangers');
    const tabel = page.getByRole('table', { name: 'Tabel bij: Voor en na 1 april, per cyclus' });
    expect(await tabel.getByRole('row', { name: /potentiële mbo-gangers/ }).textContent()).toContain('9');
    expect(await tabel.getByRole('row', { name: /teruggevallen na 1 april/ }).textContent()).toContain('<5');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV downloaden: Voor en na 1 april, per cyclus' }).click()]);
    expect(download.suggestedFilename()).toBe('voor-en-na-aanmelddatum-2027.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).toContain('2027;potentiële mbo-gangers;9\n');
    expect(csv).toContain('2027;teruggevallen na 1 april;<5\n');
  });

  it('moves a milestone only after confirmation', async () => {
    await page.getByRole('link', { name: 'Kalender' }).first().click();
    await page.getByLabel('Nieuwe datum voor signalering-inschrijving').fill('2027-06-16');
    await page.getByRole('button', { name: 'Wijzigingen bekijken' }).click();
    expect(await page.getByRole('table', { name: 'Voorgestelde wijzigingen' }).textContent()).toContain('16 juni 2027');
    await geenErnstigeProblemen(page, 'kalender: bevestigen');
    expect((await hub.ctx.calendar.kalender(2027))['signalering-inschrijving']).toBe('2027-06-15');
    await page.getByRole('button', { name: 'Wijziging bevestigen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('De kalender is gewijzigd.');
    expect((await hub.ctx.calendar.kalender(2027))['signalering-inschrijving']).toBe('2027-06-16');
  });

  it('has no serious or critical accessibility violation on any page', async () => {
    for (const p of PAGINAS) {
      await page.goto(`${base}${p.pad}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(p.titel);
      await geenErnstigeProblemen(page, p.pad);
      await schermafdruk(page, p.pad === '/beheer/' ? 'overzicht' : p.pad.split('/').at(-1)!);
    }
  });

  it('works with JavaScript switched off: sign in and replay all dead letters with plain forms', async () => {
    const a = await maakBeheerder(hub.ctx, 'zonder-javascript');
    const context = await browser.newContext({ locale: 'nl-NL', javaScriptEnabled: false });
    try {
      const p = await context.newPage();
      await p.goto(`${base}/beheer/inloggen`);
      await p.getByLabel('Gebruikersnaam').fill(a.gebruikersnaam);
      await p.getByLabel('Wachtwoord').fill(a.wachtwoord);
      await p.getByLabel('Code uit de authenticator-app').fill(a.code());
      await p.getByRole('button', { name: 'Inloggen' }).click();
      await p.getByRole('link', { name: 'Aflevering' }).first().click();
      const voor = (await hub.db.query<{ n: number }>(`select count(*)::int as n from aflevering where status = 'dode-letter'`)).rows[0]!.n;
      expect(voor).toBeGreaterThan(0);
      await p.getByRole('button', { name: 'Alle dode letters van alle ontvangers opnieuw afleveren' }).click();
      expect(await p.getByRole('status').first().textContent()).toContain(`${voor} dode letter(s) opnieuw in de wachtrij gezet`);
    } finally {
      await context.close();
    }
  });
});

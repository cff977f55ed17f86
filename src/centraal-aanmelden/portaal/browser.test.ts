import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADRES_ASSEN } from '../../../test/berichten.ts';
import { createTestHub, demo, type TestHub } from '../../../test/helpers.ts';
import { amsterdamDate } from '../../shared/clock.ts';
import { TestDuoBron } from '../aanmelding/duo-bron.ts';
import { setupCentraalAanmeldenDemo } from '../demo.ts';
import { startDigiStub, type DigiStub } from '../digistub/digistub.ts';
import { totpCode } from '../../console/totp.ts';
import { Instellingsbeheerders } from '../instellingsbeheer/beheerders.ts';
import { PAGINAS } from '../instellingsbeheer/plugin.ts';

/** Debian's chromium (installed by .ci/run), as the console's browser test uses. */
const CHROMIUM = process.env.VVA_CHROMIUM ?? '/usr/bin/chromium';

let hub: TestHub;
let stub: DigiStub;
let browser: Browser;
let base: string;
const duo = new TestDuoBron();
const minderjarig = duo.nummer(0); // born 2011-01-01: 17 on the test's day
const geheim = duo.nummer(2); // secret address (indicatie 7)
const buitenland = duo.nummer(3); // lives abroad: no DigiD, logs in with an access code
const roc = demo('mbo-instelling', 0); // 90AA
const BASIS = '/api/v1/centraal-aanmelden';
let caKetenIdMinderjarige = '';

async function vrijePoort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  const port = await vrijePoort();
  base = `http://127.0.0.1:${port}`;
  stub = await startDigiStub({ personen: duo.personen.values(), redirectUris: [`${base}/aanmelden/inloggen/terug`], vandaag: () => amsterdamDate(hub.clock.now()) });
  hub = await createTestHub({
    clockStart: '2028-01-10T10:00:00+01:00',
    env: { VVA_PUBLIC_URL: base, VVA_DIGID_ISSUER: stub.issuer, VVA_DIGID_CLIENT_ID: stub.clientId, VVA_DIGID_CLIENT_SECRET: stub.clientSecret },
  });
  await hub.party(roc.oin);
  await setupCentraalAanmeldenDemo(hub.ctx, ['90AA']);
  await hub.app.listen({ port, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  await stub?.stop();
});

/** `VVA_SCREENSHOTS=docs/centraal-aanmelden` (npm run screenshots:centraal-aanmelden) also saves each page as a PNG. */
const SCREENSHOTS = process.env.VVA_SCREENSHOTS;
async function schermafdruk(p: Page, naam: string) {
  if (SCREENSHOTS) await p.screenshot({ path: path.join(SCREENSHOTS, `${naam}.png`), fullPage: true });
}

const gecontroleerd: string[] = [];
async function geenErnstigeProblemen(p: Page, naam: string) {
  const result = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const ernstig = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(ernstig.map((v) => `${naam}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  gecontroleerd.push(naam);
  await schermafdruk(p, naam);
}

/** Logs in at the DigiStub as one synthetic person; the browser comes back to the portal. */
async function inloggen(page: Page, persoon: { voornamen: string }, controleer = false) {
  if (new URL(page.url()).origin === base) await page.getByRole('link', { name: 'Inloggen met DigiD' }).click();
  await page.getByLabel('Testpersoon').waitFor();
  if (controleer) await geenErnstigeProblemen(page, 'digistub-inloggen');
  const waarde = await page.locator('#persoon option', { hasText: `${persoon.voornamen} ` }).first().getAttribute('value');
  await page.getByLabel('Testpersoon').selectOption(waarde!);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((u) => u.origin === base);
}

async function nieuweContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
  // A step that does not happen fails on its own and names itself, well before the test's timeout.
  context.setDefaultTimeout(20_000);
  return context;
}

// Each scenario is a whole journey through several pages (12–25 s on a quiet machine); on a loaded CI machine that doubles.
describe('the Centraal Aanmelden portal in a real browser', { timeout: 120_000 }, () => {
  it('a 17-year-old logs in through the OIDC provider, registers with a guardian, sees OA from the SIS, sees the fetch in the inzage, withdraws', async () => {
    const context = await nieuweContext();
    const page = await context.newPage();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(`${base}/aanmelden/`);
    await geenErnstigeProblemen(page, 'portaal-start');
    await inloggen(page, minderjarig, true);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mijn aanmeldingen');
    const cookie = (await context.cookies()).find((c) => c.name === 'vva_portaal')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/aanmelden' });

    await page.getByRole('link', { name: 'Opleiding kiezen' }).first().click();
    await page.getByLabel('Naam, crebo of instelling').fill('software');
    await page.getByLabel('Plaats').fill('amsterdam');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await geenErnstigeProblemen(page, 'portaal-zoeken');
    await page.getByRole('link', { name: /Bekijken: Software Developer/ }).click();
    await page.getByRole('link', { name: /Aanmelden: Software Developer, 1 februari 2028/ }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Software Developer');
    expect(await page.getByText(`${minderjarig.voornamen} ${minderjarig.achternaam}`).isVisible()).toBe(true);
    await page.getByLabel('E-mailadres', { exact: true }).fill('student17@example.org');
    await page.getByRole('button', { name: 'Verder naar controleren' }).click();
    await page.getByRole('button', { name: 'Aanmelding versturen' }).click();
    // Under 18 without a guardian: the service refuses, the form says why.
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('onder 18 jaar is één contactpersoon');
    await geenErnstigeProblemen(page, 'portaal-formulier-fout');
    await page.getByLabel('Naam ouder of verzorger').fill('Ouder Synthetisch');
    await page.getByLabel('E-mailadres ouder of verzorger').fill('ouder@example.org');
    await page.getByLabel('Telefoonnummer ouder of verzorger').fill('+31 6 12345678');
    await page.getByRole('button', { name: 'Verder naar controleren' }).click();
    await geenErnstigeProblemen(page, 'portaal-controleren');
    await page.getByRole('button', { name: 'Aanmelding versturen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Uw aanmelding is verstuurd');
    const tabel = page.getByRole('table', { name: 'Mijn aanmeldingen' });
    expect(await tabel.textContent()).toContain('Verstuurd');

    // The SIS fetches it and sends OA through the real API.
    const token = hub.tokenOf(roc.oin);
    const opgehaald = await hub.app.inject({ url: `${BASIS}/koppelpunten/90AA/aanmeldingen`, headers: { authorization: `Bearer ${token}` } });
    const bericht = (opgehaald.json() as { aanmeldingen: { caKetenId: string; aanmeldingId: string; student: { bsn: string; ouders: unknown[] } }[] }).aanmeldingen[0]!;
    caKetenIdMinderjarige = bericht.caKetenId;
    expect(bericht.student).toMatchObject({ bsn: minderjarig.bsn, ouders: [{ naam: 'Ouder Synthetisch' }] });
    const status = await hub.app.inject({
      method: 'POST', url: '/api/v1/aanmeldstatusberichten', headers: { authorization: `Bearer ${token}` },
      payload: { berichten: [{ berichtId: randomUUID(), tijdstip: hub.clock.now().toISOString(), caKetenId: bericht.caKetenId, aanmeldingId: bericht.aanmeldingId, pgn: minderjarig.bsn, ...ADRES_ASSEN, brinMbo: '90AA', vooropleiding: 'VMBO', leertraject: 'BOL', leeftijdscategorie: 'TUSSEN_16_18', startkwalificatie: false, status: 'OA' }] },
    });
    expect(status.json().resultaten[0].resultaat).toBe('VERWERKT');
    await page.reload();
    const rij = tabel.getByRole('row', { name: /Software Developer/ });
    expect(await rij.textContent()).toContain('Aanbod gedaan');
    expect(await rij.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Verstuurd'), expect.stringContaining('Aanbod gedaan')]);
    await geenErnstigeProblemen(page, 'portaal-mijn-aanmeldingen');

    await page.getByRole('link', { name: 'Wie zag mijn gegevens' }).click();
    const inzage = page.getByRole('table', { name: 'Wie zag mijn gegevens' });
    expect(await inzage.getByRole('row', { name: /haalde uw aanmelding op/ }).textContent()).toContain(roc.naam);
    expect(await inzage.getByRole('row', { name: /nieuwe status door: Aanbod gedaan/ }).count()).toBe(1);
    await geenErnstigeProblemen(page, 'portaal-inzage');

    await page.getByRole('link', { name: 'Mijn aanmeldingen' }).click();
    await page.getByRole('link', { name: /Intrekken: Software Developer/ }).click();
    await geenErnstigeProblemen(page, 'portaal-intrekken');
    await page.getByRole('button', { name: 'Ja, aanmelding intrekken' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Uw aanmelding is ingetrokken');
    expect(await tabel.getByRole('row', { name: /Software Developer/ }).textContent()).toContain('Ingetrokken');

    // Never a BSN in a URL the browser requested (the callback carries a code).
    expect(urls.filter((u) => u.includes(minderjarig.bsn))).toEqual([]);
    expect(urls.some((u) => u.includes('/aanmelden/inloggen/terug?code='))).toBe(true);
    await context.close();
  });

  it('a student whose DUO address is secret must enter one; the language switch turns the pages English', async () => {
    const context = await nieuweContext();
    const page = await context.newPage();
    await page.goto(`${base}/aanmelden/opleidingen/SYN-90AA-02`);
    await page.getByRole('link', { name: /Aanmelden: Verzorgende IG, 1 februari 2028/ }).click();
    await inloggen(page, geheim);
    expect(await page.getByText('Uw adres is geheim').isVisible()).toBe(true);
    await page.getByLabel('E-mailadres', { exact: true }).fill('geheim@example.org');
    await page.getByLabel('Naam ouder of verzorger').fill('Ouder Synthetisch');
    await page.getByLabel('E-mailadres ouder of verzorger').fill('ouder@example.org');
    await page.getByLabel('Telefoonnummer ouder of verzorger').fill('+31 6 12345678');
    await page.getByRole('button', { name: 'Verder naar controleren' }).click();
    await page.getByRole('button', { name: 'Aanmelding versturen' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('uw adres is geheim en wordt niet gebruikt');
    await page.getByLabel('Postcode').fill('9406NN');
    await page.getByLabel('Huisnummer').fill('202');
    await page.getByRole('button', { name: 'Verder naar controleren' }).click();
    await page.getByRole('button', { name: 'Aanmelding versturen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Uw aanmelding is verstuurd');

    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My applications');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await geenErnstigeProblemen(page, 'portaal-engels');
    await page.getByRole('link', { name: 'Delete my account' }).click();
    await page.getByRole('button', { name: 'Yes, delete my account and applications' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Your account and applications have been deleted');
    const { rows } = await hub.db.query('select 1 from ca_student where pgn = $1', [geheim.bsn]);
    expect(rows).toEqual([]);
    await context.close();
  });

  it('a deeplink with a foreign returnUrl is refused; an allowed one is kept', async () => {
    await hub.ctx.db.query(`insert into ca_instelling (brin, toegestane_domeinen) values ('90AA', '{roc-synthetisch.nl}') on conflict (brin) do update set toegestane_domeinen = excluded.toegestane_domeinen`);
    const context = await nieuweContext();
    const page = await context.newPage();
    const vreemd = await page.goto(`${base}/aanmelden/opleidingen/SYN-90AA-01?returnUrl=${encodeURIComponent('https://evil.example/phish')}`);
    expect(vreemd!.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('die de instelling niet heeft opgegeven');
    expect(await page.locator('a[href*="evil.example"]').count()).toBe(0);
    await geenErnstigeProblemen(page, 'portaal-deeplink-geweigerd');
    const goed = await page.goto(`${base}/aanmelden/opleidingen/SYN-90AA-01?returnUrl=${encodeURIComponent('https://www.roc-synthetisch.nl/software')}`);
    expect(goed!.status()).toBe(200);
    await context.close();
  });

  it('an administrator signs in with TOTP, sets a whitelist, re-queues a registration with an error, is refused a third account, and issues an access code a student without DigiD logs in with', async () => {
    const token = hub.tokenOf(roc.oin);
    const fout = await hub.app.inject({ method: 'POST', url: `${BASIS}/koppelpunten/90AA/aanmeldingen/foutmeldingen`, headers: { authorization: `Bearer ${token}` }, payload: { foutmeldingen: [{ caKetenId: caKetenIdMinderjarige, melding: 'opleiding onbekend in SIS' }] } });
    expect(fout.statusCode).toBe(200);
    // The hub's clock is manual: a minute passes between the SIS's error and the re-queue.
    hub.clock.set(new Date(hub.clock.now().getTime() + 60_000));
    const { totpGeheim } = await new Instellingsbeheerders(hub.ctx).voegToe('90AA', { gebruikersnaam: 'roc-beheerder', naam: 'Beheerder ROC', wachtwoord: 'wachtwoord-van-roc-beheerder' }, null);
    const context = await nieuweContext();
    const page = await context.newPage();
    await page.goto(`${base}/instelling/`);
    expect(new URL(page.url()).pathname).toBe('/instelling/inloggen');
    await geenErnstigeProblemen(page, 'instelling-inloggen');
    await page.getByLabel('Gebruikersnaam').fill('roc-beheerder');
    await page.getByLabel('Wachtwoord').fill('wachtwoord-van-roc-beheerder');
    await page.getByLabel('Code uit de authenticator-app').fill(totpCode(totpGeheim, Date.now()));
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/instelling/');
    expect((await context.cookies()).find((c) => c.name === 'vva_instelling')).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true, path: '/instelling' });

    await page.getByRole('link', { name: 'Catalogus en whitelist' }).first().click();
    await page.getByLabel('Whitelist gebruiken').check();
    await page.getByLabel('Software Developer (SYN-90AA-01) op de whitelist').check();
    await page.getByRole('button', { name: 'Whitelist opslaan' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('De whitelist staat aan met 1 opleiding(en).');
    const aanbod = await hub.app.inject({ url: `${BASIS}/instellingen/90AA/opleidingen`, headers: { authorization: `Bearer ${token}` } });
    expect((aanbod.json() as { opleidingen: { aanbodCode: string }[] }).opleidingen.map((o) => o.aanbodCode)).toEqual(['SYN-90AA-01']);

    await page.getByRole('link', { name: 'Aanmeldingen en SIS' }).first().click();
    await page.getByLabel('Toon').selectOption('foutmeldingen');
    await page.getByRole('button', { name: 'Filteren' }).click();
    const tabel = page.getByRole('table', { name: /heeft foutmeldingen/ });
    expect(await tabel.textContent()).toContain('opleiding onbekend in SIS');
    await geenErnstigeProblemen(page, 'instelling-aanmeldingen');
    await tabel.getByRole('checkbox').first().check();
    await page.getByRole('button', { name: 'Gekozen aanmeldingen opnieuw klaarzetten' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('1 aanmelding(en) opnieuw klaargezet voor het SIS.');
    const { rows } = await hub.db.query<{ n: number }>(`select count(*)::int as n from ca_sis_bericht where ca_keten_id = $1 and bevestigd is null and soort = 'aanmelding'`, [caKetenIdMinderjarige]);
    expect(rows[0]!.n).toBe(2);
    await page.getByLabel('Toon').selectOption('niet-opgehaald');
    await page.getByRole('button', { name: 'Filteren' }).click();
    expect(await page.getByRole('table', { name: /niet opgehaald/ }).textContent()).toContain('niet opgehaald');

    await page.getByRole('link', { name: 'Beheerders' }).first().click();
    const collega = async (naam: string) => {
      await page.getByLabel('Gebruikersnaam van de collega').fill(naam);
      await page.getByLabel('Naam van de collega', { exact: true }).fill(`Collega ${naam}`);
      await page.getByLabel('Eerste wachtwoord (minstens 12 tekens)').fill(`wachtwoord-van-${naam}`);
      await page.getByRole('button', { name: 'Beheerder toevoegen' }).click();
    };
    await collega('roc-tweede');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Account roc-tweede is aangemaakt.');
    await page.getByRole('link', { name: 'Terug naar Beheerders' }).click();
    await collega('roc-derde');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('ten hoogste twee beheerders');
    expect((await new Instellingsbeheerders(hub.ctx).lijst('90AA')).map((b) => b.gebruikersnaam)).toEqual(['roc-beheerder', 'roc-tweede']);
    await geenErnstigeProblemen(page, 'instelling-derde-geweigerd');

    // A student without DigiD: the administrator issues an access code (the BSN in the form body), the student logs in with it.
    await page.getByRole('link', { name: 'Inlogcodes' }).first().click();
    await page.getByLabel('BSN van de student').fill(buitenland.bsn);
    await page.getByRole('button', { name: 'Inlogcode uitgeven' }).click();
    const code = (await page.locator('.vva-inlogcode').textContent())!;
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    const student = await nieuweContext();
    const sp = await student.newPage();
    await sp.goto(`${base}/aanmelden/`);
    await sp.getByRole('link', { name: 'Inloggen met een inlogcode' }).click();
    await geenErnstigeProblemen(sp, 'portaal-inlogcode');
    await sp.getByLabel('Inlogcode', { exact: true }).fill('ABCD-EFGH-JKLM-NPQR');
    await sp.getByRole('button', { name: 'Inloggen met inlogcode' }).click();
    await expect.poll(() => sp.getByRole('alert').textContent()).toContain('onbekend of verlopen');
    await sp.getByLabel('Inlogcode', { exact: true }).fill(code.toLowerCase());
    await sp.getByRole('button', { name: 'Inloggen met inlogcode' }).click();
    expect(await sp.getByRole('heading', { level: 1 }).textContent()).toBe('Mijn aanmeldingen');
    await sp.getByRole('link', { name: 'Wie zag mijn gegevens' }).click();
    expect(await sp.getByRole('table', { name: 'Wie zag mijn gegevens' }).textContent()).toContain(`${roc.naam} gaf u een inlogcode`);
    await student.close();

    for (const p of PAGINAS) {
      await page.goto(`${base}${p.pad}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(p.titel);
      await geenErnstigeProblemen(page, `instelling-${p.pad.split('/').at(-1) || 'overzicht'}`);
    }
    // The statistics of multiple registrations (StatistiekService): the 2028 intake's counts, all under 5.
    await page.goto(`${base}/instelling/statistiek`);
    expect(await page.getByRole('table', { name: 'Instelling, instroomjaar 2028' }).textContent()).toContain('<5');
    await page.goto(`${base}/instelling/beheerders`);
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Administrators');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await geenErnstigeProblemen(page, 'instelling-engels');
    await page.getByRole('link', { name: 'Nederlands' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Beheerders');
    expect(await page.getByRole('table', { name: 'Berichten aan het SIS' }).count()).toBe(0);
    await page.goto(`${base}/instelling/berichten`);
    expect(await page.getByRole('table', { name: 'Berichten aan het SIS' }).textContent()).toContain('intrekking');
    await context.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../../../test/helpers.ts';
import { Klant } from '../../console/testklant.ts';
import { totpCode } from '../../console/totp.ts';
import { Instellingsbeheerders } from './beheerders.ts';

let hub: TestHub;

beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(() => hub.close());

describe('the gates of the Centraal Aanmelden pages', () => {
  it('the portal asks for a login on personal pages, refuses a form without its session token, and sends its security headers', async () => {
    expect((await hub.app.inject({ url: '/' })).headers.location).toBe('/aanmelden/');
    const res = await hub.app.inject({ url: '/aanmelden/inzage' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/aanmelden/inloggen?terug=%2Faanmelden%2Finzage');
    // No DigiD configured here: the login sends the student back to the start page, which says so.
    expect((await hub.app.inject({ url: '/aanmelden/inloggen' })).headers.location).toBe('/aanmelden/');
    const start = await hub.app.inject({ url: '/aanmelden/' });
    expect(start.body).toContain('niet aan DigiD gekoppeld');
    expect(start.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', 'referrer-policy': 'same-origin' });
    expect(start.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect((await hub.app.inject({ method: 'POST', url: '/aanmelden/omgeving', payload: '_csrf=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode).toBe(403);
    // A callback without the pre-session that started the login is no login, whatever its code says.
    expect((await hub.app.inject({ url: '/aanmelden/inloggen/terug?code=abc&state=def' })).headers.location).toBe('/aanmelden/?melding=mislukt');
    // Only own paths to go back to: no open redirect through the language switch.
    expect((await hub.app.inject({ url: '/aanmelden/taal/en?terug=https://evil.example/' })).headers.location).toBe('/aanmelden/');
    expect((await hub.app.inject({ url: '/aanmelden/taal/en?terug=//evil.example/' })).headers.location).toBe('/aanmelden/');
  });

  it('the instelling pages need a session with TOTP, and every change the token of that session', async () => {
    expect((await hub.app.inject({ url: '/instelling/catalogus' })).headers.location).toBe('/instelling/inloggen');
    const { totpGeheim } = await new Instellingsbeheerders(hub.ctx).voegToe('90AA', { gebruikersnaam: 'poort-roc', naam: 'Poort', wachtwoord: 'wachtwoord-van-poort-roc' }, null);
    const klant = new Klant(hub.app);
    await klant.get('/instelling/inloggen');
    const zonderCode = await klant.post('/instelling/inloggen', { gebruikersnaam: 'poort-roc', wachtwoord: 'wachtwoord-van-poort-roc', code: '000000' });
    expect(zonderCode.statusCode).toBe(401);
    const ok = await klant.post('/instelling/inloggen', { gebruikersnaam: 'poort-roc', wachtwoord: 'wachtwoord-van-poort-roc', code: totpCode(totpGeheim, Date.now()) });
    expect(ok.headers.location).toBe('/instelling/');
    await klant.get('/instelling/catalogus');
    const vals = await klant.post('/instelling/catalogus/whitelist', { actief: 'ja', aanbodCodes: 'SYN-90AA-01' }, { csrf: 'vervalst' });
    expect(vals.statusCode).toBe(403);
    const vreemd = await klant.post('/instelling/catalogus/whitelist', { actief: 'ja', aanbodCodes: 'SYN-91AH-01' });
    expect(vreemd.statusCode).toBe(400);
    expect(vreemd.body).toContain('geen actieve opleiding van 90AA');
    // Another instelling's koppelpunt code is not taken over.
    await hub.ctx.db.query(`insert into ca_koppelpunt (koppelpuntcode, brin, onderwijsaanbieders, actief) values ('91AH', '91AH', '{}', true)`);
    await klant.get('/instelling/koppelpunten');
    const overname = await klant.post('/instelling/koppelpunten', { koppelpuntcode: '91AH', onderwijsaanbieders: '', actief: 'ja' });
    expect(overname.statusCode).toBe(409);
    expect((await hub.ctx.db.query<{ brin: string }>(`select brin from ca_koppelpunt where koppelpuntcode = '91AH'`)).rows[0]!.brin).toBe('91AH');
  });
});

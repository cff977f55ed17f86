import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../../../test/helpers.ts';
import { totpCode } from '../../console/totp.ts';
import { Instellingsbeheerders, VOL } from './beheerders.ts';

let hub: TestHub;
let beheerders: Instellingsbeheerders;
const account = (n: string) => ({ gebruikersnaam: n, naam: `Test ${n}`, wachtwoord: `wachtwoord-van-${n}` });

beforeAll(async () => {
  hub = await createTestHub();
  beheerders = new Instellingsbeheerders(hub.ctx);
});
afterAll(() => hub.close());

it('an instelling has at most two administrator accounts; a removed one frees its place; other instellingen are apart', async () => {
  await beheerders.voegToe('90AA', account('roc-een'), null);
  await beheerders.voegToe('90AA', account('roc-twee'), null);
  await expect(beheerders.voegToe('90AA', account('roc-drie'), null)).rejects.toMatchObject({ status: 409, detail: VOL });
  expect((await beheerders.lijst('90AA')).map((b) => b.gebruikersnaam)).toEqual(['roc-een', 'roc-twee']);
  await beheerders.voegToe('91AH', account('vak-een'), null);
  await expect(beheerders.voegToe('91AH', account('roc-een'), null)).rejects.toMatchObject({ status: 409, detail: 'gebruikersnaam roc-een bestaat al' });
  await expect(beheerders.verwijder('90AA', 'roc-een', 'roc-een', 'trace')).rejects.toMatchObject({ status: 400 });
  await beheerders.verwijder('90AA', 'roc-een', 'roc-twee', 'trace');
  await beheerders.voegToe('90AA', account('roc-drie'), 'roc-een');
  expect((await beheerders.lijst('90AA')).map((b) => [b.gebruikersnaam, b.plaats])).toEqual([['roc-een', 1], ['roc-drie', 2]]);
  await hub.ctx.distributor.drain();
  const { rows } = await hub.db.query<{ uitkomst: string }>(`select uitkomst from audit_log where actie = 'ca-instellingsbeheerder-aangemaakt' and resource = 'ca-instelling/90AA/beheerders' order by seq`);
  expect(rows.map((r) => r.uitkomst)).toEqual(['roc-een', 'roc-twee', 'geweigerd: al twee beheerders', 'roc-drie']);
});

it('the database itself refuses a third place, also past the service', async () => {
  const rij = (plaats: number, naam: string) => hub.db.query(
    `insert into ca_instellingsbeheerder (brin, plaats, gebruikersnaam, naam, wachtwoord_hash, totp_geheim, aangemaakt) values ('93AY', $1, $2, 'x', 'x', 'x', now())`, [plaats, naam]);
  await rij(1, 'db-een');
  await rij(2, 'db-twee');
  await expect(rij(3, 'db-drie')).rejects.toThrow();
  await expect(rij(2, 'db-drie')).rejects.toThrow();
});

it('signs in with password and TOTP code only, and a code is accepted once', async () => {
  const { totpGeheim } = await beheerders.voegToe('91AH', account('vak-twee'), null);
  const code = totpCode(totpGeheim, Date.now());
  expect(await beheerders.meldAan('vak-twee', 'fout-wachtwoord-123', code, 't')).toEqual({ ok: false, reden: 'onjuist' });
  const ok = await beheerders.meldAan('vak-twee', 'wachtwoord-van-vak-twee', code, 't');
  expect(ok.ok).toBe(true);
  expect(await beheerders.meldAan('vak-twee', 'wachtwoord-van-vak-twee', code, 't')).toEqual({ ok: false, reden: 'onjuist' });
  const s = await beheerders.sessie((ok as { sessieToken: string }).sessieToken);
  expect(s).toMatchObject({ gebruikersnaam: 'vak-twee', brin: '91AH' });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../../test/helpers.ts';
import { TestDuoBron } from '../aanmelding/duo-bron.ts';
import { StudentService } from './service.ts';
import * as store from './store.ts';

let hub: TestHub;
const ca = demo('centraal-aanmelden');
const student = new TestDuoBron().nummer(1);

beforeAll(async () => {
  hub = await createTestHub();
  await hub.party(ca.oin);
});
afterAll(() => hub.close());

it('a registration opens the environment and moves its retention clock; deleting it on request removes profile and registrations, audited', async () => {
  const dienIn = () => hub.app.inject({
    method: 'POST', url: '/api/v1/centraal-aanmelden/aanmeldingen', headers: { authorization: `Bearer ${hub.tokenOf(ca.oin)}` },
    payload: { bsn: student.bsn, aanbodCode: 'SYN-90AA-01', cohort: '2027-08', email: 'student@example.org' },
  });
  expect((await dienIn()).statusCode).toBe(201);
  const eerst = await store.findStudent(hub.ctx.db, student.bsn);
  expect(eerst).toMatchObject({ email: 'student@example.org', taal: 'nl' });
  hub.clock.set(new Date(hub.clock.now().getTime() + 86_400_000));
  const service = new StudentService(hub.ctx);
  const actor = { oin: ca.oin, soort: 'centraal-aanmelden' as const, gebruiker: null } as never;
  const open = await service.open(actor, student.bsn, null);
  expect(open.laatsteActiviteit.getTime()).toBe(eerst!.laatsteActiviteit.getTime() + 86_400_000);

  expect(await service.verwijderOpVerzoek(actor, student.bsn, null)).toEqual({ aanmeldingen: 1 });
  expect(await store.findStudent(hub.ctx.db, student.bsn)).toBeNull();
  const { rows } = await hub.ctx.db.query('select count(*)::int as n from ca_aanmelding where pgn = $1', [student.bsn]);
  expect(rows[0]).toEqual({ n: 0 });
  await hub.ctx.distributor.drain();
  const acties = (await hub.ctx.audit.search({ pgnPseudoniem: hub.ctx.audit.pseudonym(student.bsn), limit: 100 })).map((r) => r.actie);
  expect(acties).toEqual(expect.arrayContaining(['ca-aanmelding-ingediend', 'ca-omgeving-geopend', 'ca-omgeving-verwijderd']));
});

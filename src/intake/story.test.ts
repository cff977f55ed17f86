import { CloudEvent } from 'cloudevents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';
import { aanmeldstatus, get, mboGanger, nieuwePgn, pull, send } from '../../test/berichten.ts';
import { DEMO_MANDAAT } from '../demo/parties.ts';

let hub: TestHub;
const assen = demo('vo-school', 0); // 18BR
const amsterdam = demo('vo-school', 1); // 16PS
const roc = demo('mbo-instelling', 0); // 90AA
const vakcollege = demo('mbo-instelling', 1); // 91AH
const ca = demo('centraal-aanmelden');
const gemeente = demo('gemeente', 0); // 0106 Assen
const leverancier = demo('leverancier');
const pgn = nieuwePgn();
const caKetenId = '0196a3c2-7d1e-7000-8000-000000000001';

beforeAll(async () => {
  hub = await createTestHub({ clockStart: '2027-02-10T10:00:00+01:00' });
  for (const p of [assen, amsterdam, roc, vakcollege, ca, gemeente, leverancier]) await hub.party(p.oin);
  await hub.ctx.identity.addMandate({ leverancierOin: DEMO_MANDAAT.leverancier, schoolOin: DEMO_MANDAAT.school, van: '2026-10-01' }, null);
});
afterAll(() => hub.close());

const at = (iso: string) => new Date(iso).toISOString();

describe('a pupil’s whole story through the koppelpunt', () => {
  const regRoc = { aanmeldingId: '90AA:00000001', brinMbo: '90AA', pgn, caKetenId };
  const regVak = { aanmeldingId: '91AH:00000001', brinMbo: '91AH', pgn };
  let lastEnrolment: Record<string, unknown>;

  it('1. the LAS supplier reports the pupil for the Assen school under its mandate', async () => {
    const res = await send(hub, 'mbo-gangerberichten', leverancier.oin, [mboGanger({ pgn, tijdstip: at('2027-01-20T09:00:00+01:00') })]);
    expect(res.statusCode).toBe(200);
    expect(res.json().resultaten).toEqual([expect.objectContaining({ resultaat: 'VERWERKT' })]);
    const overzicht = (await get(hub, assen.oin, '/api/v1/vo-scholen/18BR/overzicht')).json();
    expect(overzicht.leerlingen).toEqual([{ pgn, overstapstatus: 'GEEN_AANMELDING', aanmeldingen: [] }]);
  });

  it('2. registers at two institutions; each learns of the other only as a boolean', async () => {
    const a = await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ ...regRoc, status: 'AO', tijdstip: at('2027-02-01T10:00:00+01:00') })]);
    expect(a.json().resultaten).toEqual([expect.objectContaining({ resultaat: 'VERWERKT', eldersAangemeld: false })]);
    const b = await send(hub, 'aanmeldstatusberichten', vakcollege.oin, [aanmeldstatus({ ...regVak, status: 'AO', crebo: '25180', tijdstip: at('2027-02-02T10:00:00+01:00') })]);
    expect(b.json().resultaten).toEqual([expect.objectContaining({ resultaat: 'VERWERKT', eldersAangemeld: true })]);
    expect(JSON.stringify(b.json())).not.toContain('90AA');
  });

  it('3. one institution declines, the other enrols', async () => {
    hub.clock.set(new Date('2027-03-15T09:00:00+01:00'));
    const declined = await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ ...regRoc, status: 'LNI', tijdstip: at('2027-03-10T10:00:00+01:00') })]);
    expect(declined.json().resultaten[0]).toMatchObject({ resultaat: 'VERWERKT', eldersAangemeld: true });
    lastEnrolment = aanmeldstatus({ ...regVak, status: 'LI', crebo: '25180', tijdstip: at('2027-02-09T10:00:00+01:00') });
    const enrolled = await send(hub, 'aanmeldstatusberichten', vakcollege.oin, [lastEnrolment]);
    expect(enrolled.json().resultaten[0]).toMatchObject({ resultaat: 'VERWERKT', eldersAangemeld: false });
  });

  it('4. the vo-school pulls exactly the four statuses, in order, without any address', async () => {
    const inbox = await pull(hub, assen.oin);
    expect(inbox.berichten.map((e) => [e.data.brinMbo, e.data.status])).toEqual([['90AA', 'AO'], ['91AH', 'AO'], ['90AA', 'LNI'], ['91AH', 'LI']]);
    for (const e of inbox.berichten) {
      // The CloudEvents SDK's own validation (strict mode throws on any violation).
      expect(new CloudEvent(e as never, true).validate()).toBe(true);
      expect(e.type).toBe('nl.vva.aanmeldstatus.v1');
      expect(e.source).toBe('urn:nld:oin:00000099000000000000:systeem:vva');
      expect(Object.keys(e.data).sort()).toEqual(expect.arrayContaining(['aanmeldingId', 'brinMbo', 'pgn', 'status', 'tijdstip']));
      expect(e.data).not.toHaveProperty('postcode');
      expect(e.data).not.toHaveProperty('huisnummer');
      expect(e.data).not.toHaveProperty('caKetenId');
    }
    expect(inbox.berichten[3]!.data.crebo).toBe('25180');
  });

  it('5. Centraal Aanmelden gets every status, with its own chain id; the school’s supplier what the school got (spec §10); the other parties nothing', async () => {
    const inbox = await pull(hub, ca.oin);
    expect(inbox.berichten).toHaveLength(4);
    for (const e of inbox.berichten) expect(new CloudEvent(e as never, true).validate()).toBe(true);
    expect(inbox.berichten.filter((e) => e.data.caKetenId === caKetenId)).toHaveLength(2);
    const school = (await pull(hub, assen.oin)).berichten.map((e) => e.data);
    expect((await pull(hub, leverancier.oin)).berichten.map((e) => e.data)).toEqual(school);
    for (const party of [amsterdam, roc, vakcollege, gemeente]) {
      expect((await pull(hub, party.oin)).berichten).toEqual([]);
    }
  });

  it('6. the journal holds the five facts; the signal engine got the four statuses for the woongemeente Assen', async () => {
    // The journal holds the report and the four statuses, in order; each status was routed to Assen.
    const { rows } = await hub.db.query<{ soort: string; woongemeente: string | null; gewijzigd: boolean | null }>(
      `select soort, data->'leerling'->>'woongemeente' as woongemeente, (data->>'statusGewijzigd')::boolean as gewijzigd from feit where pgn = $1 order by xid, id`, [pgn]);
    expect(rows.map((r) => r.soort)).toEqual(['mbo-ganger', 'aanmeldstatus', 'aanmeldstatus', 'aanmeldstatus', 'aanmeldstatus']);
    expect(rows.slice(1).map((r) => [r.woongemeente, r.gewijzigd])).toEqual([['0106', true], ['0106', true], ['0106', true], ['0106', true]]);
  });

  it('7. the overzicht shows the pupil enrolled with each registration’s status, filterable', async () => {
    const all = (await get(hub, assen.oin, '/api/v1/vo-scholen/18BR/overzicht')).json();
    expect(all.leerlingen).toEqual([{ pgn, overstapstatus: 'INGESCHREVEN', aanmeldingen: [{ brinMbo: '90AA', status: 'LNI' }, { brinMbo: '91AH', status: 'LI' }] }]);
    expect((await get(hub, assen.oin, '/api/v1/vo-scholen/18BR/overzicht?overstapstatus=GEEN_AANMELDING')).json().leerlingen).toEqual([]);
    expect((await get(hub, leverancier.oin, '/api/v1/vo-scholen/18BR/overzicht?overstapstatus=INGESCHREVEN')).json().leerlingen).toHaveLength(1);
  });

  it('8. the declining institution may ask whether the student is registered elsewhere', async () => {
    expect((await get(hub, roc.oin, '/api/v1/aanmeldingen/90AA:00000001/elders-aangemeld')).json()).toEqual({ eldersAangemeld: true });
    expect((await get(hub, vakcollege.oin, '/api/v1/aanmeldingen/91AH:00000001/elders-aangemeld')).json()).toEqual({ eldersAangemeld: false });
    expect((await get(hub, vakcollege.oin, '/api/v1/aanmeldingen/90AA:00000001/elders-aangemeld')).statusCode).toBe(403);
    expect((await get(hub, roc.oin, '/api/v1/aanmeldingen/90AA:99999999/elders-aangemeld')).statusCode).toBe(404);
  });

  it('9. a resent message is a DUPLICAAT with its original result and no effect', async () => {
    const before = (await hub.db.query<{ n: number }>('select count(*)::int as n from uitgaand_bericht')).rows[0]!.n;
    const res = await send(hub, 'aanmeldstatusberichten', vakcollege.oin, [lastEnrolment]);
    expect(res.json().resultaten[0]).toMatchObject({ resultaat: 'DUPLICAAT', origineel: 'VERWERKT', eldersAangemeld: false });
    expect((await hub.db.query<{ n: number }>('select count(*)::int as n from uitgaand_bericht')).rows[0]!.n).toBe(before);
  });

  it('10. an older message is VEROUDERD and changes nothing', async () => {
    const res = await send(hub, 'aanmeldstatusberichten', vakcollege.oin, [aanmeldstatus({ ...regVak, status: 'OA', tijdstip: at('2027-02-05T10:00:00+01:00') })]);
    expect(res.json().resultaten[0]).toMatchObject({ resultaat: 'VEROUDERD' });
    const { rows } = await hub.db.query<{ status: string }>(`select status from aanmelding where aanmelding_id = '91AH:00000001'`);
    expect(rows).toEqual([{ status: 'LI' }]);
  });

  it('11. a closed registration does not reopen under the same id', async () => {
    const res = await send(hub, 'aanmeldstatusberichten', roc.oin, [aanmeldstatus({ ...regRoc, status: 'AO', tijdstip: at('2027-03-11T10:00:00+01:00') })]);
    expect(res.json().resultaten[0]).toMatchObject({ resultaat: 'AFGEWEZEN', problemen: [expect.objectContaining({ name: 'status', reason: expect.stringContaining('nieuwe aanmeldingId') })] });
  });

  it('12. the cursor acknowledges: after it, the inbox is empty until something new arrives', async () => {
    const first = await pull(hub, assen.oin, '?limit=2');
    expect(first.berichten).toHaveLength(2);
    const rest = await pull(hub, assen.oin, `?na=${first.volgende}`);
    expect(rest.berichten).toHaveLength(2);
    const empty = await pull(hub, assen.oin, `?na=${rest.volgende}`);
    expect(empty).toEqual({ berichten: [], volgende: rest.volgende });
    expect((await pull(hub, assen.oin)).berichten).toEqual([]); // without a cursor: from the acknowledged point
  });

  it('13. a school that reports the pupil late gets the statuses it would have had', async () => {
    const res = await send(hub, 'mbo-gangerberichten', amsterdam.oin, [mboGanger({ pgn, brinVo: '16PS', tijdstip: at('2027-03-12T10:00:00+01:00') })]);
    expect(res.json().resultaten[0].resultaat).toBe('VERWERKT');
    expect((await pull(hub, amsterdam.oin)).berichten.map((e) => [e.data.brinMbo, e.data.status])).toEqual([['90AA', 'LNI'], ['91AH', 'LI']]);
  });

  it('14. every touch of the pupil is in the audit log under its pseudonym, and the chain holds', async () => {
    const { rows } = await hub.db.query<{ actie: string }>('select distinct actie from audit_log where pgn_pseudoniem = $1', [hub.ctx.audit.pseudonym(pgn)]);
    // Step 13's school reported a pupil Assen had reported first: a claim, audited as such (issue 13.7).
    expect(rows.map((r) => r.actie).sort()).toEqual(['aanmeldstatusbericht-ontvangen', 'bericht-klaargezet', 'bericht-opgehaald', 'elders-aangemeld-gevraagd', 'leerling-van-andere-school-gemeld', 'mbo-gangerbericht-ontvangen', 'overzicht-gelezen']);
    expect((await hub.ctx.audit.verify()).ok).toBe(true);
  });
});

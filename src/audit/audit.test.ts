import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, demo, type TestHub } from '../../test/helpers.ts';

let hub: TestHub;
const beheer = demo('beheer');

beforeAll(async () => {
  hub = await createTestHub();
  await hub.party(beheer.oin);
  for (const p of [demo('vo-school'), demo('vo-school', 1), demo('gemeente')]) await hub.party(p.oin);
  // Some records about a pupil, as later modules write them (always with the PGN pseudonymised).
  await hub.ctx.audit.record([
    { actorOin: demo('vo-school').oin, actie: 'schrijven', resource: 'mbo-gangerbericht', pgn: '000009830', doel: 'vva-levering', uitkomst: 'ok' },
    { actorOin: demo('gemeente').oin, actie: 'lezen', resource: 'signaal', pgn: '000009830', doel: 'vva-signalering', uitkomst: 'ok' },
  ]);
});
afterAll(() => hub.close());

const verify = async () => (await hub.app.inject({ method: 'GET', url: '/api/v1/beheer/audit/verificatie', headers: { authorization: `Bearer ${hub.tokenOf(beheer.oin)}` } })).json();

/** Tampering as an attacker with database access would: with the append-only trigger switched off. */
async function tamper(sql: string, params: unknown[] = []) {
  await hub.db.transaction(async (tx) => {
    await tx.query('alter table audit_log disable trigger audit_log_append_only');
    await tx.query(sql, params);
    await tx.query('alter table audit_log enable trigger audit_log_append_only');
  });
}

describe('audit log', () => {
  it('never stores the PGN, only its keyed pseudonym', async () => {
    const { rows } = await hub.db.query<{ n: number }>(`select count(*)::int as n from audit_log where pgn_pseudoniem = $1`, [hub.ctx.audit.pseudonym('000009830')]);
    expect(rows[0]!.n).toBe(2);
    const all = await hub.db.query<Record<string, unknown>>('select * from audit_log');
    expect(JSON.stringify(all.rows)).not.toContain('000009830');
  });

  it('refuses updates and deletes through the database trigger', async () => {
    await expect(hub.db.query(`update audit_log set uitkomst = 'x' where seq = 1`)).rejects.toThrow(/append-only/);
    await expect(hub.db.query('delete from audit_log where seq = 1')).rejects.toThrow(/append-only/);
  });

  it('finds records of one pupil for beheer only with a reason, and audits that search', async () => {
    const auth = { authorization: `Bearer ${hub.tokenOf(beheer.oin)}` };
    const noReason = await hub.app.inject({ method: 'POST', url: '/api/v1/beheer/audit/zoekopdrachten', headers: auth, payload: { pgn: '000009830' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().invalidParams).toEqual([expect.objectContaining({ name: 'reden' })]);
    const res = await hub.app.inject({ method: 'POST', url: '/api/v1/beheer/audit/zoekopdrachten', headers: auth, payload: { pgn: '000009830', reden: 'verzoek inzage betrokkene (AVG art. 15)' } });
    expect(res.statusCode).toBe(200);
    const acties = res.json().records.map((r: { actie: string }) => r.actie);
    expect(acties).toEqual(['audit-gezocht-op-pgn', 'lezen', 'schrijven']);
  });

  it('verifies an intact chain, then detects an altered record', async () => {
    expect(await verify()).toMatchObject({ ok: true, problemen: [] });
    await tamper(`update audit_log set actor_oin = '00000099000000000666' where seq = 3`);
    const res = await verify();
    expect(res.ok).toBe(false);
    expect(res.problemen).toEqual([expect.objectContaining({ seq: 3, probleem: 'gewijzigd' })]);
  });

  it('detects a removed record and a cut-off tail', async () => {
    await tamper('delete from audit_log where seq = 5');
    expect((await verify()).problemen.map((p: { probleem: string }) => p.probleem)).toContain('ontbrekend');
    const { rows } = await hub.db.query<{ m: number }>('select max(seq)::int as m from audit_log');
    await tamper('delete from audit_log where seq = $1', [rows[0]!.m]);
    expect((await verify()).problemen.map((p: { probleem: string }) => p.probleem)).toContain('kop-wijkt-af');
  });

  it('detects an inserted record', async () => {
    const fresh = await createTestHub();
    await fresh.ctx.audit.record([1, 2, 3].map((i) => ({ actorOin: null, actie: 'lezen', resource: `r/${i}`, doel: 't', uitkomst: 'ok' })));
    expect((await fresh.ctx.audit.verify()).ok).toBe(true);
    // Shift the last record up and put a forged one in its place.
    await fresh.db.transaction(async (tx) => {
      await tx.query('alter table audit_log disable trigger audit_log_append_only');
      await tx.query('update audit_log set seq = 4 where seq = 3');
      await tx.query(`insert into audit_log select 3, tijdstip, actor_oin, gebruiker, actie, 'vervalst', pgn_pseudoniem, doel, trace_id, uitkomst, vorige_hash, hash from audit_log where seq = 2`);
      await tx.query('alter table audit_log enable trigger audit_log_append_only');
    });
    const result = await fresh.ctx.audit.verify();
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.problem)).toEqual(expect.arrayContaining(['ingevoegd']));
    await fresh.close();
  });
});

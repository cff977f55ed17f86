import { describe, expect, it } from 'vitest';
import { conditie, evalueer, type Leerlingbeeld, type Stand, type StatusFeit } from './rules.ts';

const key = { cyclus: 2027, pgn: '919107989', laatsteInvoer: 7 };
const leerling = (over: Partial<Leerlingbeeld> = {}): Leerlingbeeld => ({ potentieleMboGanger: true, overstapstatus: 'GEEN_AANMELDING', woonland: '6030', woongemeente: '0106', redenNee: null, ...over });
const stand = (over: Partial<Stand> = {}): Stand => ({ gemeentecode: '0106', openSignaal: 'NIET_AANGEMELD', ingetrokken: false, ...over });
const feit = (status: string, invoerId = 7, gemeentecode = '0106'): StatusFeit => ({ invoerId, gemeentecode, brinMbo: '90AA', aanmeldingId: '90AA:00000001', status });
const types = (r: ReturnType<typeof evalueer>) => r.signalen.map((s) => `${s.type}@${s.gemeentecode}${s.reden ? `:${s.reden}` : ''}`);

describe('signal conditions', () => {
  it('NIET_AANGEMELD in the registration phase for GEEN_AANMELDING only', () => {
    expect(conditie('aanmelding', 'GEEN_AANMELDING')).toBe('NIET_AANGEMELD');
    expect(conditie('aanmelding', 'AANGEMELD')).toBeNull();
    expect(conditie('voor-signalering', 'GEEN_AANMELDING')).toBeNull();
  });
  it('NIET_INGESCHREVEN in the enrolment phase for anything but INGESCHREVEN', () => {
    expect(conditie('inschrijving', 'GEEN_AANMELDING')).toBe('NIET_INGESCHREVEN');
    expect(conditie('inschrijving', 'AANGEMELD')).toBe('NIET_INGESCHREVEN');
    expect(conditie('inschrijving', 'INGESCHREVEN')).toBeNull();
  });
});

describe('real-time signals (spec §7)', () => {
  it('sends nothing before the signaleringsdatum', () => {
    expect(evalueer('voor-signalering', null, leerling(), [feit('LNI')], key).signalen).toEqual([]);
  });

  it('a registered pupil that falls back to nothing gets NIET_AANGEMELD with the cause', () => {
    const r = evalueer('aanmelding', stand({ openSignaal: null }), leerling(), [feit('LNI')], key);
    expect(r.signalen).toEqual([{ gemeentecode: '0106', type: 'NIET_AANGEMELD', brinMbo: '90AA', aanmeldingId: '90AA:00000001', status: 'LNI', feit: '2027|919107989|0106|NIET_AANGEMELD|7' }]);
    expect(r.stand).toEqual(stand());
  });

  it('a new potential mbo-goer without registration after the bulk gets NIET_AANGEMELD', () => {
    expect(types(evalueer('aanmelding', null, leerling(), [], key))).toEqual(['NIET_AANGEMELD@0106']);
  });

  it('an open signal is not sent twice', () => {
    expect(evalueer('aanmelding', stand(), leerling(), [], key).signalen).toEqual([]);
  });

  it('a signalled pupil’s status changes go out as STATUSWIJZIGING, one per fact', () => {
    const r = evalueer('aanmelding', stand(), leerling({ overstapstatus: 'AANGEMELD' }), [feit('AO', 5), feit('OA', 6)], key);
    expect(r.signalen.map((s) => [s.type, s.status, s.feit])).toEqual([['STATUSWIJZIGING', 'AO', '2027|919107989|0106|STATUSWIJZIGING|5'], ['STATUSWIJZIGING', 'OA', '2027|919107989|0106|STATUSWIJZIGING|6']]);
    expect(r.stand).toEqual(stand({ openSignaal: null }));
  });

  it('a pupil never signalled gets no STATUSWIJZIGING', () => {
    expect(evalueer('aanmelding', null, leerling({ overstapstatus: 'AANGEMELD' }), [feit('AO')], key).signalen).toEqual([]);
  });

  it('status changes the gemeente may not see (not routed to it) are not passed on', () => {
    expect(evalueer('aanmelding', stand(), leerling({ overstapstatus: 'AANGEMELD' }), [feit('AO', 7, '0363')], key).signalen).toEqual([]);
  });

  it('a pupil that falls back from INGESCHREVEN after 15 June gets NIET_INGESCHREVEN', () => {
    const r = evalueer('inschrijving', stand({ openSignaal: null }), leerling({ overstapstatus: 'AANGEMELD' }), [feit('AI')], key);
    expect(types(r)).toEqual(['NIET_INGESCHREVEN@0106']);
  });

  it('a signalled pupil who is no longer a potential mbo-goer is withdrawn with the reason', () => {
    const r = evalueer('aanmelding', stand(), leerling({ potentieleMboGanger: false, redenNee: 'VO_VERVOLG' }), [], key);
    expect(types(r)).toEqual(['INTREKKING@0106:VO_VERVOLG']);
    expect(r.stand).toEqual(stand({ openSignaal: null, ingetrokken: true }));
    expect(evalueer('aanmelding', r.stand, leerling({ potentieleMboGanger: false, redenNee: 'VO_VERVOLG' }), [], { ...key, laatsteInvoer: 8 }).signalen).toEqual([]);
  });

  it('a pupil never signalled is not withdrawn', () => {
    expect(evalueer('aanmelding', null, leerling({ potentieleMboGanger: false, redenNee: 'DOUBLEERT' }), [], key).signalen).toEqual([]);
  });

  it('a move: the old gemeente gets INTREKKING VERHUISD, the new one the current signal', () => {
    const r = evalueer('aanmelding', stand(), leerling({ woongemeente: '0363' }), [], key);
    expect(types(r)).toEqual(['INTREKKING@0106:VERHUISD', 'NIET_AANGEMELD@0363']);
    expect(r.stand).toEqual(stand({ gemeentecode: '0363' }));
  });

  it('a move of a registered, signalled pupil: withdrawn there; here at once a status change with the overstapstatus, and followed', () => {
    const r = evalueer('aanmelding', stand({ openSignaal: null }), leerling({ woongemeente: '0363', overstapstatus: 'AANGEMELD' }), [], key);
    expect(types(r)).toEqual(['INTREKKING@0106:VERHUISD', 'STATUSWIJZIGING@0363:VERHUISD']);
    expect(r.signalen[1]).toMatchObject({ status: 'AANGEMELD' });
    expect(r.stand).toEqual(stand({ gemeentecode: '0363', openSignaal: null }));
  });

  it('a move of a pupil never signalled sends nothing to anyone', () => {
    expect(evalueer('aanmelding', null, leerling({ woongemeente: '0363', overstapstatus: 'AANGEMELD' }), [], key).signalen).toEqual([]);
  });

  it('a move abroad withdraws the signal', () => {
    const r = evalueer('aanmelding', stand(), leerling({ woonland: '5010', woongemeente: null }), [], key);
    expect(types(r)).toEqual(['INTREKKING@0106:VERHUISD']);
  });

  it('a withdrawn pupil who becomes a potential mbo-goer again is followed afresh', () => {
    const r = evalueer('aanmelding', stand({ openSignaal: null, ingetrokken: true }), leerling(), [], key);
    expect(types(r)).toEqual(['NIET_AANGEMELD@0106']);
  });
});

import { describe, expect, it } from 'vitest';
import { deriveLeerling, eldersAangemeld, overstapstatus, type AanmeldingFeit, type MboGangerFeit } from './derive.ts';

const t = (d: number) => new Date(Date.UTC(2027, 1, d));
const reg = (brinMbo: string, status: AanmeldingFeit['status'], over: Partial<AanmeldingFeit> = {}): AanmeldingFeit => ({
  brinMbo, aanmeldingId: `${brinMbo}:00000001`, status, leertraject: 'BOL', tijdstip: t(10), woonland: '6030', gemeentecode: '0363',
  postcode: '1011AH', huisnummer: 100, toevoeging: null, ...over,
});
const melding = (over: Partial<MboGangerFeit> = {}): MboGangerFeit => ({
  brinVo: '18BR', mboGanger: true, redenNee: null, tijdstip: t(1), woonland: '6030', gemeentecode: '0106', postcode: '9406NN', huisnummer: 202, toevoeging: null, ...over,
});

describe('overstapstatus (spec §5)', () => {
  it('is GEEN_AANMELDING without registrations or with only terminal ones', () => {
    expect(overstapstatus([])).toBe('GEEN_AANMELDING');
    expect(overstapstatus([reg('90AA', 'LNI'), reg('91AH', 'AI')])).toBe('GEEN_AANMELDING');
  });
  it('is AANGEMELD when any registration is AO or OA', () => {
    expect(overstapstatus([reg('90AA', 'LNI'), reg('91AH', 'OA')])).toBe('AANGEMELD');
  });
  it('is INGESCHREVEN when any registration is LI', () => {
    expect(overstapstatus([reg('90AA', 'AO'), reg('91AH', 'LI')])).toBe('INGESCHREVEN');
  });
  it('ignores ODT registrations', () => {
    expect(overstapstatus([reg('90AA', 'LI', { leertraject: 'ODT' })])).toBe('GEEN_AANMELDING');
  });
});

describe('deriveLeerling', () => {
  it('is a potential mbo-goer while some school says true', () => {
    expect(deriveLeerling([melding({ mboGanger: false }), melding({ brinVo: '16PS' })], []).potentieleMboGanger).toBe(true);
    expect(deriveLeerling([melding({ mboGanger: false })], []).potentieleMboGanger).toBe(false);
  });
  it('takes the woongemeente from the most recent address of either side', () => {
    expect(deriveLeerling([melding()], [reg('90AA', 'AO')]).woongemeente).toBe('0363');
    expect(deriveLeerling([melding({ tijdstip: t(20) })], [reg('90AA', 'AO')]).woongemeente).toBe('0106');
  });
  it('carries the latest address, the latest reporting school and why the pupil stopped', () => {
    const state = deriveLeerling([melding(), melding({ brinVo: '16PS', mboGanger: false, redenNee: 'VO_VERVOLG', tijdstip: t(3) })], [reg('90AA', 'AO')]);
    expect(state).toMatchObject({ postcode: '1011AH', huisnummer: 100, brinVo: '18BR', redenNee: null });
    const gestopt = deriveLeerling([melding({ mboGanger: false, redenNee: 'DOUBLEERT' })], []);
    expect(gestopt).toMatchObject({ potentieleMboGanger: false, redenNee: 'DOUBLEERT', brinVo: '18BR', postcode: '9406NN' });
  });

  it('has no woongemeente when the latest address is abroad or unknown', () => {
    expect(deriveLeerling([melding()], [reg('90AA', 'AO', { woonland: '5010', gemeentecode: null })])).toMatchObject({ woonland: '5010', woongemeente: null });
    expect(deriveLeerling([melding({ gemeentecode: null })], []).woongemeente).toBeNull();
  });
});

describe('eldersAangemeld', () => {
  it('is true only for an active registration at another institution', () => {
    expect(eldersAangemeld([reg('90AA', 'AO')], '90AA')).toBe(false);
    expect(eldersAangemeld([reg('90AA', 'AO'), reg('91AH', 'OA')], '90AA')).toBe(true);
    expect(eldersAangemeld([reg('90AA', 'AO'), reg('91AH', 'LNI')], '90AA')).toBe(false);
    expect(eldersAangemeld([reg('90AA', 'AO'), reg('91AH', 'LI', { leertraject: 'ODT' })], '90AA')).toBe(false);
  });
});

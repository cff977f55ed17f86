import { describe, expect, it } from 'vitest';
import { activiteitGrenzen, bewaarActie, plusMaanden, type Omgeving } from './regels.ts';

const d = (s: string) => new Date(`${s}T12:00:00Z`);

describe('retention of a student environment (spec §17)', () => {
  const met = (laatste: string, gewaarschuwd: string | null = null): Omgeving => ({ laatsteActiviteit: d(laatste), heeftAanmelding: true, gewaarschuwdOp: gewaarschuwd ? d(gewaarschuwd) : null });
  const leeg = (laatste: string): Omgeving => ({ laatsteActiviteit: d(laatste), heeftAanmelding: false, gewaarschuwdOp: null });
  it.each([
    ['active yesterday', met('2027-03-01'), '2027-03-02', { actie: 'geen' }],
    ['eleven months: not yet warned', met('2027-03-01'), '2028-01-30', { actie: 'geen' }],
    ['a month before the year: warn, deletion on the anniversary', met('2027-03-01'), '2028-01-31', { actie: 'waarschuwen', verwijderOp: d('2028-03-01') }],
    ['warned, the year not yet over', met('2027-03-01', '2028-01-31'), '2028-02-29', { actie: 'geen' }],
    ['warned, the year over: delete', met('2027-03-01', '2028-01-31'), '2028-03-01', { actie: 'verwijderen', reden: 'bewaartermijn' }],
    ['warned late (after the year): two weeks from the warning', met('2027-03-01'), '2028-05-01', { actie: 'waarschuwen', verwijderOp: d('2028-05-15') }],
    ['warned late: not before those two weeks', met('2027-03-01', '2028-05-01'), '2028-05-14', { actie: 'geen' }],
    ['warned late: after them', met('2027-03-01', '2028-05-01'), '2028-05-15', { actie: 'verwijderen', reden: 'bewaartermijn' }],
    ['activity after the warning cancels it', met('2027-03-01', '2027-02-01'), '2028-02-10', { actie: 'waarschuwen', verwijderOp: d('2028-03-01') }],
    ['empty profile, two months', leeg('2027-03-01'), '2027-05-31', { actie: 'geen' }],
    ['empty profile, three months: delete without warning', leeg('2027-03-01'), '2027-06-01', { actie: 'verwijderen', reden: 'leeg-profiel' }],
  ] as const)('%s', (_naam, omgeving, nu, verwacht) => {
    expect(bewaarActie(omgeving, d(nu))).toEqual(verwacht);
  });

  it.each([
    ['2027-01-31', 1, '2027-02-28'], ['2028-01-31', 1, '2028-02-29'], ['2027-03-15', 12, '2028-03-15'], ['2027-05-31', -3, '2027-02-28'], ['2027-12-10', 3, '2028-03-10'],
  ] as const)('plusMaanden(%s, %i) = %s', (van, n, tot) => {
    expect(plusMaanden(d(van), n)).toEqual(d(tot));
  });

  it('the preselection never leaves out an environment the rule would act on', () => {
    const nu = d('2028-03-31');
    const grens = activiteitGrenzen(nu);
    for (let dag = 0; dag < 800; dag++) {
      const laatste = new Date(nu.getTime() - dag * 86_400_000);
      for (const heeftAanmelding of [true, false]) {
        const actie = bewaarActie({ laatsteActiviteit: laatste, heeftAanmelding, gewaarschuwdOp: null }, nu).actie;
        const geselecteerd = laatste <= (heeftAanmelding ? grens.metAanmelding : grens.leeg);
        if (actie !== 'geen') expect(geselecteerd, `${laatste.toISOString()} ${heeftAanmelding}`).toBe(true);
      }
    }
  });
});

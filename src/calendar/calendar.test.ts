import { describe, expect, it } from 'vitest';
import { faseNa, middernacht, standaardKalender, verlopenMijlpalen } from './calendar.ts';

describe('cycle calendar', () => {
  it('has the default dates of spec §3', () => {
    expect(standaardKalender(2027)).toEqual({
      'herinnering-leverdatum': '2027-02-02', 'signalering-aanmelding': '2027-03-01', aanmelddatum: '2027-04-01',
      'signalering-inschrijving': '2027-06-15', jaaroverzicht: '2027-10-01', purge: '2027-11-01',
    });
  });

  it('falls due at midnight Amsterdam time, in winter and in summer', () => {
    expect(middernacht('2027-03-01').toISOString()).toBe('2027-02-28T23:00:00.000Z');
    expect(middernacht('2027-06-15').toISOString()).toBe('2027-06-14T22:00:00.000Z');
    expect(middernacht('2027-03-28').toISOString()).toBe('2027-03-27T23:00:00.000Z'); // DST starts at 02:00 that day
  });

  it('lists the milestones a moment has passed', () => {
    const k = standaardKalender(2027);
    expect(verlopenMijlpalen(k, new Date('2027-02-28T22:59:59Z'))).toEqual(['herinnering-leverdatum']);
    expect(verlopenMijlpalen(k, new Date('2027-02-28T23:00:00Z'))).toEqual(['herinnering-leverdatum', 'signalering-aanmelding']);
    expect(verlopenMijlpalen(k, new Date('2027-10-01T12:00:00Z'))).toEqual(['herinnering-leverdatum', 'signalering-aanmelding', 'aanmelddatum', 'signalering-inschrijving', 'jaaroverzicht']);
    expect(verlopenMijlpalen(k, new Date('2027-11-01T12:00:00Z')).at(-1)).toBe('purge');
  });

  it('derives the signalling phase from the bulk milestones that ran', () => {
    expect(faseNa(new Set())).toBe('voor-signalering');
    expect(faseNa(new Set(['herinnering-leverdatum']))).toBe('voor-signalering');
    expect(faseNa(new Set(['signalering-aanmelding']))).toBe('aanmelding');
    expect(faseNa(new Set(['signalering-aanmelding', 'signalering-inschrijving']))).toBe('inschrijving');
  });
});

import { describe, expect, it } from 'vitest';
import { inhaalStatussen, routeAanmeldstatus, type RoutedStatus, type RoutingContext } from './routing.ts';

const bericht = (over: Partial<RoutedStatus> = {}): RoutedStatus => ({
  vooropleiding: 'VMBO', leertraject: 'BOL', startkwalificatie: false, leeftijdscategorie: 'TUSSEN_16_18', ...over,
});
const context = (over: Partial<RoutingContext> = {}): RoutingContext => ({
  meldingen: [{ brinVo: '18BR', mboGanger: true }, { brinVo: '16PS', mboGanger: true }, { brinVo: '01AA', mboGanger: false }],
  actieveVoScholen: new Set(['18BR', '16PS', '01AA']),
  leerling: { woonland: '6030', woongemeente: '0106' },
  centraalAanmelden: ['CA'],
  overstapsystemen: [],
  ...over,
});

describe('routing of an aanmeldstatusbericht (spec §6)', () => {
  it('always routes to Centraal Aanmelden', () => {
    expect(routeAanmeldstatus(bericht({ vooropleiding: 'HAVO', leertraject: 'ODT', startkwalificatie: true }), context()).centraalAanmelden).toEqual(['CA']);
  });

  it('routes to the named latende school only', () => {
    expect(routeAanmeldstatus(bericht({ brinVo: '16PS' }), context()).voScholen).toEqual(['16PS']);
  });

  it('without a latende school: to every school that reported the pupil as potential mbo-goer', () => {
    expect(routeAanmeldstatus(bericht(), context()).voScholen).toEqual(['16PS', '18BR']);
  });

  it('never to a school that did not report the pupil, even when named (spec §12)', () => {
    expect(routeAanmeldstatus(bericht({ brinVo: '99ZZ' }), context({ actieveVoScholen: new Set(['99ZZ', '18BR', '16PS']) })).voScholen).toEqual([]);
  });

  it('to a named school that reported the pupil with mboGanger false (it is still the latende school)', () => {
    expect(routeAanmeldstatus(bericht({ brinVo: '01AA' }), context()).voScholen).toEqual(['01AA']);
  });

  it('not to an inactive or unknown school', () => {
    expect(routeAanmeldstatus(bericht(), context({ actieveVoScholen: new Set(['18BR']) })).voScholen).toEqual(['18BR']);
  });

  it.each(['VMBO', 'PRO', 'VSO', 'VAVO'])('to the vo-school when vooropleiding is %s', (vooropleiding) => {
    expect(routeAanmeldstatus(bericht({ vooropleiding }), context()).voScholen).not.toEqual([]);
  });

  it.each(['HAVO', 'VWO', 'MBO', 'HO', 'BUITENLAND', 'ONBEKEND'])('not to a vo-school when vooropleiding is %s', (vooropleiding) => {
    expect(routeAanmeldstatus(bericht({ vooropleiding }), context()).voScholen).toEqual([]);
  });

  it('ODT: neither to the vo-school nor to the gemeente nor to an overstapsysteem (outside the law, spec §5)', () => {
    const r = routeAanmeldstatus(bericht({ leertraject: 'ODT' }), context({ overstapsystemen: ['OS1'] }));
    expect(r.voScholen).toEqual([]);
    expect(r.gemeente).toBeNull();
    expect(r.overstapsystemen).toEqual([]);
  });

  it('to the woongemeente for a pupil without startkwalificatie under 23', () => {
    expect(routeAanmeldstatus(bericht(), context()).gemeente).toBe('0106');
  });

  it('startkwalificatie: not to the gemeente', () => {
    expect(routeAanmeldstatus(bericht({ startkwalificatie: true }), context()).gemeente).toBeNull();
  });

  it('BOVEN_23: not to the gemeente', () => {
    expect(routeAanmeldstatus(bericht({ leeftijdscategorie: 'BOVEN_23' }), context()).gemeente).toBeNull();
  });

  it.each(['ONDER_16', 'TUSSEN_16_18', 'TUSSEN_18_23'])('%s: to the gemeente', (leeftijdscategorie) => {
    expect(routeAanmeldstatus(bericht({ leeftijdscategorie }), context()).gemeente).toBe('0106');
  });

  it('living abroad: not to a gemeente', () => {
    expect(routeAanmeldstatus(bericht(), context({ leerling: { woonland: '5010', woongemeente: null } })).gemeente).toBeNull();
  });

  it('RNI: not to a gemeente', () => {
    expect(routeAanmeldstatus(bericht(), context({ leerling: { woonland: '6030', woongemeente: '1999' } })).gemeente).toBeNull();
  });

  it('unknown woongemeente: not to a gemeente', () => {
    expect(routeAanmeldstatus(bericht(), context({ leerling: { woonland: '6030', woongemeente: null } })).gemeente).toBeNull();
  });

  it('to every overstapsysteem that subscribed to the PGN, whatever the vooropleiding', () => {
    expect(routeAanmeldstatus(bericht({ vooropleiding: 'HAVO' }), context({ overstapsystemen: ['OS1', 'OS2'] })).overstapsystemen).toEqual(['OS1', 'OS2']);
  });
});

describe('catch-up for a school that reports a pupil after it registered', () => {
  const regs = [
    { id: 1, ...bericht() },
    { id: 2, ...bericht({ brinVo: '16PS' }) },
    { id: 3, ...bericht({ brinVo: '18BR' }) },
    { id: 4, ...bericht({ vooropleiding: 'HAVO' }) },
    { id: 5, ...bericht({ leertraject: 'ODT' }) },
  ];
  it('gets the registrations without a latende school or naming it, within scope', () => {
    expect(inhaalStatussen('18BR', true, regs).map((r) => r.id)).toEqual([1, 3]);
  });
  it('a school reporting mboGanger false gets only those naming it', () => {
    expect(inhaalStatussen('18BR', false, regs).map((r) => r.id)).toEqual([3]);
  });
});

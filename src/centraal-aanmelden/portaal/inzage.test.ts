import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../audit/chain.ts';
import { doelTekst, inzageRegel, statusVerloop } from './inzage.ts';

const HUB = '00000099000000000000';
const ROC = '00000001890000000000';
let seq = 0;
const record = (o: Partial<AuditRecord>): AuditRecord => ({
  seq: ++seq, tijdstip: new Date('2028-01-10T09:00:00Z'), actorOin: HUB, gebruiker: null, actie: 'x', resource: 'ca-student', pgnPseudoniem: 'p', doel: 'centraal-aanmelden',
  traceId: null, uitkomst: 'ok', vorigeHash: '', hash: '', ...o,
});
const context = (taal: 'nl' | 'en') => ({ taal, hubOin: HUB, organisaties: new Map([[ROC, 'Synthetisch ROC Amsterdam']]), instellingVan: new Map([['ca-1', 'Synthetisch ROC Amsterdam']]) });

describe('inzage in plain words', () => {
  it.each([
    [{ actie: 'ca-aanmelding-opgehaald', actorOin: ROC, resource: 'ca-aanmelding/ca-1', uitkomst: 'aanmelding' }, 'nl', 'Synthetisch ROC Amsterdam', 'Het studentadministratiesysteem van Synthetisch ROC Amsterdam haalde uw aanmelding op'],
    [{ actie: 'ca-aanmelding-opgehaald', actorOin: ROC, resource: 'ca-aanmelding/ca-1' }, 'en', 'Synthetisch ROC Amsterdam', 'The student administration system of Synthetisch ROC Amsterdam fetched your application'],
    [{ actie: 'ca-status-bijgewerkt', actorOin: null, resource: 'ca-aanmelding/ca-1', uitkomst: 'OA' }, 'nl', 'open-vva (automatische verwerking)', 'Synthetisch ROC Amsterdam gaf een nieuwe status door: Aanbod gedaan'],
    [{ actie: 'duo-gegevens-opgevraagd', resource: 'duo/persoon', uitkomst: 'gevonden' }, 'nl', 'Centraal Aanmelden', 'Uw persoons- en vooropleidingsgegevens werden bij DUO opgevraagd'],
    [{ actie: 'audit-gezocht-op-pgn', gebruiker: 'jan', doel: 'beheer: klacht 17' }, 'nl', 'Beheer van open-vva', 'Beheer zocht met een vastgelegde reden in het logboek naar uw gegevens'],
    [{ actie: 'iets-nieuws' }, 'nl', 'Centraal Aanmelden', 'iets-nieuws'],
  ] as const)('%o (%s)', (r, taal, wie, wat) => {
    expect(inzageRegel(record(r), context(taal))).toMatchObject({ wie, wat });
  });

  it('names the purpose by its processing activity, without an operator\'s reason', () => {
    expect(doelTekst('beheer: klacht 17', 'nl')).toBe('Beheer van de voorziening');
    expect(doelTekst('centraal-aanmelden', 'en')).toContain('Central mbo application');
  });

  it('a registration\'s status over time: submitted, each status of the school, withdrawn; other records left out', () => {
    const records = [
      record({ actie: 'ca-aanmelding-ingediend', resource: 'ca-aanmelding/ca-1' }),
      record({ actie: 'ca-aanmelding-opgehaald', resource: 'ca-aanmelding/ca-1' }),
      record({ actie: 'ca-status-bijgewerkt', resource: 'ca-aanmelding/ca-2', uitkomst: 'LI' }),
      record({ actie: 'ca-status-bijgewerkt', resource: 'ca-aanmelding/ca-1', uitkomst: 'OA' }),
      record({ actie: 'ca-aanmelding-ingetrokken', resource: 'ca-aanmelding/ca-1' }),
    ].reverse();
    expect(statusVerloop(records, 'ca-1').map((v) => v.status)).toEqual(['INGEDIEND', 'OA', 'AI']);
  });
});

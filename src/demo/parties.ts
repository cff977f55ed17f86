import { schoolOin, TEST_OIN_PREFIX, type Soort } from '../identity/oin.ts';

export interface DemoPartij {
  naam: string;
  soort: Soort;
  oin: string;
  brin?: string;
  gemeentecode?: string;
  rmcCode?: string;
  gebruiker?: string;
}

const testOin = (kind: string, rest: string) => `${TEST_OIN_PREFIX}${kind}${rest}`.padEnd(20, '0');

/**
 * The demo cast: two real vo-schools from the DUO list (Assen and Amsterdam), two synthetic
 * mbo-instellingen, the two gemeenten, Amsterdam's RMC region as shared endpoint, a LAS supplier
 * mandated by the Assen school, an overstapsysteem, Centraal Aanmelden and beheer.
 */
export const DEMO_PARTIJEN: DemoPartij[] = [
  { naam: 'School voor Praktijkonderwijs Assen', soort: 'vo-school', oin: schoolOin('18BR'), brin: '18BR' },
  { naam: 'Montessori Lyceum Amsterdam', soort: 'vo-school', oin: schoolOin('16PS'), brin: '16PS' },
  { naam: 'Synthetisch ROC Amsterdam', soort: 'mbo-instelling', oin: schoolOin('90AA'), brin: '90AA' },
  { naam: 'Synthetisch Vakcollege Rotterdam', soort: 'mbo-instelling', oin: schoolOin('91AH'), brin: '91AH' },
  { naam: 'Gemeente Assen', soort: 'gemeente', oin: testOin('1', '0106'), gemeentecode: '0106' },
  { naam: 'Gemeente Amsterdam', soort: 'gemeente', oin: testOin('1', '0363'), gemeentecode: '0363' },
  { naam: 'RMC Agglomeratie Amsterdam', soort: 'rmc-regio', oin: testOin('2', '21'), rmcCode: '21' },
  { naam: 'Demo LAS-leverancier', soort: 'leverancier', oin: testOin('3', '1') },
  { naam: 'Demo Overstapsysteem Noord', soort: 'overstapsysteem', oin: testOin('4', '1') },
  { naam: 'Centraal Aanmelden (demo)', soort: 'centraal-aanmelden', oin: testOin('5', '1') },
  { naam: 'Beheer open-vva', soort: 'beheer', oin: testOin('9', '1'), gebruiker: 'demo-beheerder' },
];

/** The supplier acts for the Assen school (as a LAS vendor does under mandate). */
export const DEMO_MANDAAT = { leverancier: testOin('3', '1'), school: schoolOin('18BR') };

/** OIN: 20 positions. School OINs embed the BRIN (letters included), so letters are allowed after the prefix. */
export const OIN_PATTERN = /^[0-9]{8}[0-9A-Z]{12}$/;
export const BRIN4_PATTERN = /^[0-9]{2}[A-Z]{2}$/;
export const BRIN6_PATTERN = /^[0-9]{2}[A-Z]{2}[0-9]{2}$/;
export const GEMEENTECODE_PATTERN = /^[0-9]{4}$/;
export const RMC_PATTERN = /^(0[1-9]|[1-3][0-9]|4[01])$/;

/** Prefix 00000099 marks test parties in the OIN-stelsel; open-vva's demo and tests use it. */
export const TEST_OIN_PREFIX = '00000099';

/** The OIN of a school in the OIN-stelsel: `00000007000` + BRIN4 + `00000`. */
export function schoolOin(brin: string): string {
  return `00000007000${brin}00000`;
}

export const SOORTEN = [
  'vo-school', 'mbo-instelling', 'gemeente', 'rmc-regio', 'overstapsysteem', 'centraal-aanmelden', 'leverancier', 'beheer',
] as const;
export type Soort = (typeof SOORTEN)[number];

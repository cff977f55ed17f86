/** The catalogue's one field for how an opleiding is followed: the leertraject codes of spec §4.2 that RIO offers. */
export const CA_LEERWEGEN = ['BOL', 'BBL', 'EX', 'ODT'] as const;
export type CaLeerweg = (typeof CA_LEERWEGEN)[number];

/**
 * RIO publishes Leerweg (BOL, BBL) and Default Intensiteit (VOLTIJD, DEELTIJD, EXAMENDEELNEMER) and
 * shows them as one field. An examendeelnemer follows no lessons, whatever the leerweg: EX wins over
 * both; BOL in deeltijd is part-time (ODT); BBL is BBL in any intensity. Null: not a combination
 * the catalogue can offer (the importer skips the row and counts it).
 */
export function leerwegVan(leerweg: string | undefined, intensiteit: string | undefined): CaLeerweg | null {
  const lw = (leerweg ?? '').trim().toUpperCase();
  const int = (intensiteit ?? '').trim().toUpperCase();
  if (int === 'EXAMENDEELNEMER') return lw === 'BOL' || lw === 'BBL' || lw === '' ? 'EX' : null;
  if (lw === 'BBL') return int === '' || int === 'VOLTIJD' || int === 'DEELTIJD' ? 'BBL' : null;
  if (lw === 'BOL') {
    if (int === '' || int === 'VOLTIJD') return 'BOL';
    if (int === 'DEELTIJD') return 'ODT';
  }
  return null;
}

/**
 * One CSV field for the console's downloads (`;`-separated like the hub's other CSV): quoted when it
 * holds a separator, quote or newline; a leading = + - @ is neutralised, so that a spreadsheet does
 * not run a value as a formula (OWASP CSV injection). Numbers stay numbers.
 */
export function csvVeld(v: unknown): string {
  if (typeof v === 'number') return String(v);
  const s = v instanceof Date ? v.toISOString() : v === null || v === undefined ? '' : String(v);
  const veilig = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[;"\n\r]/.test(veilig) ? `"${veilig.replaceAll('"', '""')}"` : veilig;
}

/** A whole CSV document: a header row and the rows, each line ending in a newline. */
export const csv = (kop: readonly string[], rijen: readonly (readonly unknown[])[]) =>
  [kop.join(';'), ...rijen.map((r) => r.map(csvVeld).join(';'))].join('\n') + '\n';

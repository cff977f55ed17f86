import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probleemTekst } from './problemen.ts';

const bron = (f: string) => readFileSync(path.join(import.meta.dirname, '..', f), 'utf8');

/**
 * Every fixed problem text the registration's rules, schema and service can give a student, read from
 * their sources: a new text without English fails here, not in front of a student.
 */
function vasteTeksten(): string[] {
  const teksten: string[] = [];
  const neem = (src: string, re: RegExp) => { for (const m of src.matchAll(re)) teksten.push(m[1]!.replace(/\\'/g, "'")); };
  const regels = bron('aanmelding/regels.ts');
  const service = bron('aanmelding/service.ts');
  const invoer = bron('aanmelding/invoer.ts');
  for (const src of [regels, service]) neem(src, /reason: '((?:[^'\\]|\\.)+)'/g);
  neem(service, /VvaError\.(?:conflict|notFound)\('((?:[^'\\]|\\.)+)'\)/g);
  neem(service, /\? '((?:[^'\\]|\\.)+)'\n/g);
  neem(invoer, /, '((?:[^'\\]|\\.)+)'\)/g);
  neem(invoer, /z\.email\('((?:[^'\\]|\\.)+)'\)/g);
  return teksten;
}

describe('problem texts in the portal', () => {
  it('every fixed text of the rules has English', () => {
    const teksten = vasteTeksten();
    expect(teksten.length).toBeGreaterThanOrEqual(20);
    expect(teksten.filter((t) => probleemTekst('en', t) === t)).toEqual([]);
  });

  it.each([
    ['aanmelden voor dit cohort kan van 2026-10-01 tot en met 2027-05-01', 'you can apply for this intake from 2026-10-01 to 2027-05-01'],
    ['Intrekken kan alleen bij status INGEDIEND of OA; de status is AO.', 'Withdrawing is possible only at status INGEDIEND (submitted) or OA (offer made); the status is AO.'],
  ])('a text with values: %s', (nl, en) => {
    expect(probleemTekst('en', nl)).toBe(en);
    expect(probleemTekst('nl', nl)).toBe(nl);
  });

  it("zod's own messages by their code; an unknown text stays as it is", () => {
    expect(probleemTekst('en', 'Te groot: verwacht dat string <=120 tekens heeft', 'too_big')).toBe('too long');
    expect(probleemTekst('en', 'iets nieuws')).toBe('iets nieuws');
  });
});

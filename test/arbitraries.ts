import fc from 'fast-check';

/** Elfproef-valid synthetic BSNs, generated (never a real person's number taken from anywhere). */
export const bsnArb = fc.integer({ min: 0, max: 99_999_999 }).map((n) => {
  const first8 = String(n).padStart(8, '0');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(first8[i]);
  return { first8, check: sum % 11 };
}).filter(({ first8, check }) => check < 10 && first8 + check !== '000000000').map(({ first8, check }) => first8 + check);

const tijdstipArb = fc.date({ min: new Date('2026-10-01T00:00:00Z'), max: new Date('2027-02-28T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const adresArb = fc.constantFrom({ postcode: '9406NN', huisnummer: 202 }, { postcode: '1011AH', huisnummer: 100 }, { postcode: '9401SL', huisnummer: 7 }, { postcode: '3011AA', huisnummer: 1 });

export const validMboGanger = fc.record({
  berichtId: fc.uuid(), tijdstip: tijdstipArb, pgn: bsnArb, brinVo: fc.constant('18BR'), adres: adresArb,
  mboGanger: fc.boolean(), redenNee: fc.constantFrom('VO_VERVOLG', 'DOUBLEERT', 'ARBEIDSMARKT', 'ANDERS'),
}).map(({ adres, mboGanger, redenNee, ...m }) => ({ ...m, ...adres, mboGanger, ...(mboGanger ? {} : { redenNee }) }));

export const validAanmeldstatus = fc.record({
  berichtId: fc.uuid(), tijdstip: tijdstipArb, pgn: bsnArb, adres: adresArb, nummer: fc.integer({ min: 0, max: 99_999_999 }),
  vooropleiding: fc.constantFrom('VMBO', 'PRO', 'VSO', 'HAVO', 'ONBEKEND'), leertraject: fc.constantFrom('BOL', 'BBL', 'ODT'),
  leeftijdscategorie: fc.constantFrom('ONDER_16', 'TUSSEN_16_18', 'BOVEN_23'), startkwalificatie: fc.boolean(),
  status: fc.constantFrom('AO', 'OA', 'LI', 'LNI', 'AI'),
}).map(({ adres, nummer, ...m }) => ({ ...m, ...adres, brinMbo: '90AA', aanmeldingId: `90AA:${String(nummer).padStart(8, '0')}` }));

/** A valid message with one field removed, replaced by anything, or an extra field added. */
export function mutated(valid: fc.Arbitrary<Record<string, unknown>>) {
  return fc.tuple(valid, fc.nat(), fc.constantFrom('drop', 'replace', 'extra', 'string'), fc.anything({ maxDepth: 2 }), fc.string({ maxLength: 12 }))
    .map(([m, pick, how, value, text]) => {
      const keys = Object.keys(m);
      const key = keys[pick % keys.length]!;
      const copy: Record<string, unknown> = { ...m };
      if (how === 'drop') delete copy[key];
      else if (how === 'replace') copy[key] = value;
      else if (how === 'string') copy[key] = text;
      else copy[text || 'extra'] = value;
      return copy;
    });
}

export const batchOf = (valid: fc.Arbitrary<Record<string, unknown>>) =>
  fc.array(fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: mutated(valid), weight: 3 }, { arbitrary: fc.anything({ maxDepth: 2 }), weight: 1 }), { minLength: 1, maxLength: 25 });

/** Single UTF-16 code units, lone surrogates and NUL included: text as a client can send it in JSON. */
const codeUnit = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), weight: 3 },
  { arbitrary: fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFFFE', '\uFEFF', '"', ';', '\n', '\r', '\\', '\u2028'), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 3 },
);
/** Text that PostgreSQL may not take, and text that looks almost right. */
export const nastyText = fc.string({ unit: codeUnit, maxLength: 12 });

/** Moments at the edges: year 0000, the far past and future, impossible offsets and dates, garbage around a good one. */
export const nastyMoment = fc.oneof(
  fc.constantFrom('0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '1969-12-31T23:59:59Z', '9999-12-31T23:59:59Z', '2027-01-15T10:00:00+23:59',
    '2027-01-15T10:00:00-23:59', '2027-02-29T10:00:00Z', '2027-01-15T24:00:00Z', '2027-01-15T10:00:00.1234567890123Z', '+275760-09-13T00:00:00Z', '2027-01-15'),
  fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.tuple(nastyText, nastyText).map(([a, b]) => `${a}2027-01-15T10:00:00+01:00${b}`),
);

/** A valid message with one field (or a new one) set to nasty text, a nasty moment, or its own value with a bad unit spliced in. */
export function nasty(valid: fc.Arbitrary<Record<string, unknown>>) {
  return fc.tuple(valid, fc.nat(), fc.constantFrom('text', 'moment', 'splice', 'key'), nastyText, nastyMoment, fc.nat())
    .map(([m, pick, how, text, moment, at]) => {
      const keys = Object.keys(m);
      const key = keys[pick % keys.length]!;
      const copy: Record<string, unknown> = { ...m };
      if (how === 'text') copy[key] = text;
      else if (how === 'moment') copy[pick % 2 ? 'tijdstip' : key] = moment;
      else if (how === 'key') copy[text] = moment;
      else {
        const value = String(copy[key]);
        copy[key] = value.slice(0, at % (value.length + 1)) + (text || '\u0000') + value.slice(at % (value.length + 1));
      }
      return copy;
    });
}

/** Small batches, mostly bad: many requests in little time. */
export const nastyBatchOf = (valid: fc.Arbitrary<Record<string, unknown>>) =>
  fc.array(fc.oneof({ arbitrary: valid, weight: 1 }, { arbitrary: nasty(valid), weight: 4 }, { arbitrary: mutated(valid), weight: 1 }), { minLength: 1, maxLength: 4 });

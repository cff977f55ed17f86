import { syntheticBsns } from '../../domain/pgn.ts';
import { VvaError } from '../../shared/errors.ts';
import type { DuoAdres } from './regels.ts';

/** What Centraal Aanmelden takes from DUO about a student (spec §17): persoons- and vooropleidinggegevens. */
export interface DuoPersoon {
  bsn: string;
  voornamen: string;
  achternaam: string;
  geboortedatum: string;
  adres: DuoAdres | null;
  /** Highest prior education known to DUO, as a category of spec §4.2 (`VMBO`, `HAVO`, …), with its school. */
  vooropleiding: { categorie: string; omschrijving: string; brinVo: string | null; diploma: boolean } | null;
}

/** The DUO link behind one interface: production asks DUO; locally and in tests `TestDuoBron` answers. */
export interface DuoBron {
  persoon(bsn: string): Promise<DuoPersoon | null>;
}

/**
 * Production until the DUO link is built: no synthetic persons there, and no silent "unknown student"
 * either — a registration is refused with a 503 that says why.
 */
export class GeenDuoBron implements DuoBron {
  async persoon(): Promise<DuoPersoon | null> {
    throw new VvaError(503, 'duo-niet-gekoppeld', 'DUO niet gekoppeld', 'De koppeling met DUO voor persoons- en vooropleidinggegevens is er nog niet; aanmelden kan nog niet.');
  }
}

/**
 * Synthetic persons with test BSNs (elfproef-valid, from `syntheticBsns`), never real people. The
 * first few cover the cases of spec §17: under 18, adult, a secret address (indicatie 7), abroad,
 * without vooropleiding; then many ordinary pupils leaving vo.
 */
export class TestDuoBron implements DuoBron {
  readonly personen: ReadonlyMap<string, DuoPersoon>;

  constructor(aantal = 50, seed = 17_2027) {
    const bsns = syntheticBsns(seed);
    const map = new Map<string, DuoPersoon>();
    for (let i = 0; i < aantal; i++) {
      const bsn = bsns.next().value as string;
      map.set(bsn, testPersoon(bsn, i));
    }
    this.personen = map;
  }

  /** The i-th synthetic person (tests pick a case by index). */
  nummer(i: number): DuoPersoon {
    return [...this.personen.values()][i]!;
  }

  async persoon(bsn: string): Promise<DuoPersoon | null> {
    return this.personen.get(bsn) ?? null;
  }
}

/** Index → case: 0 under 18, 1 adult (19), 2 secret address, 3 abroad (België), 4 no vooropleiding; others under 18. */
function testPersoon(bsn: string, i: number): DuoPersoon {
  const geboortedatum = i === 1 ? '2008-03-14' : `2011-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`;
  const nl: DuoAdres = { woonland: '6030', postcode: `${1011 + (i % 900)}AB`, huisnummer: 1 + i, indicatieGeheim: 0 };
  const adres: DuoAdres = i === 2 ? { ...nl, indicatieGeheim: 7 }
    : i === 3 ? { woonland: '5010', regel1: 'Rue de la Loi 16', regel2: '1000 Brussel', indicatieGeheim: 0 }
      : nl;
  return {
    bsn, voornamen: `Test${i}`, achternaam: 'Synthetisch', geboortedatum, adres,
    vooropleiding: i === 4 ? null : { categorie: i === 1 ? 'HAVO' : 'VMBO', omschrijving: i === 1 ? 'havo' : 'vmbo kader', brinVo: '16PS', diploma: i === 1 },
  };
}

import type { Queryable } from '../../db/db.ts';

/** The student's own environment in Centraal Aanmelden (spec §17); this store owns `ca_student`. */
export interface Student {
  pgn: string;
  email: string | null;
  taal: 'nl' | 'en';
  aangemaaktOp: Date;
  laatsteActiviteit: Date;
}

interface Rij { pgn: string; email: string | null; taal: 'nl' | 'en'; aangemaakt_op: Date | string; laatste_activiteit: Date | string }
const vanRij = (r: Rij): Student => ({
  pgn: r.pgn, email: r.email, taal: r.taal, aangemaaktOp: new Date(r.aangemaakt_op), laatsteActiviteit: new Date(r.laatste_activiteit),
});

/**
 * The student acted (logged in, submitted, withdrew, chose a language): opens the environment on
 * first contact and moves the retention clock; a retention warning already sent no longer holds
 * (src/centraal-aanmelden/bewaartermijn). A given e-mail address replaces the stored one.
 */
export async function raakAan(q: Queryable, pgn: string, nu: Date, email?: string | null): Promise<Student> {
  const { rows } = await q.query<Rij>(
    `insert into ca_student (pgn, email, aangemaakt_op, laatste_activiteit) values ($1, $2, $3, $3)
     on conflict (pgn) do update set email = coalesce(excluded.email, ca_student.email),
       laatste_activiteit = greatest(ca_student.laatste_activiteit, excluded.laatste_activiteit), gewaarschuwd_op = null, waarschuwing = null
     returning *`,
    [pgn, email ?? null, nu]);
  return vanRij(rows[0]!);
}

export async function findStudent(q: Queryable, pgn: string): Promise<Student | null> {
  const { rows } = await q.query<Rij>('select * from ca_student where pgn = $1', [pgn]);
  return rows[0] ? vanRij(rows[0]) : null;
}

/** The student chose a language: that is activity too. False when there is no environment. */
export async function zetTaal(q: Queryable, pgn: string, taal: 'nl' | 'en', nu: Date): Promise<boolean> {
  const { rows } = await q.query(
    `update ca_student set taal = $2, laatste_activiteit = greatest(laatste_activiteit, $3), gewaarschuwd_op = null, waarschuwing = null where pgn = $1 returning 1`,
    [pgn, taal, nu]);
  return rows.length === 1;
}

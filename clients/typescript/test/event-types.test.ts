import { describe, expectTypeOf, it } from 'vitest';
import type { Bericht } from '../src/index.ts';

/*
 * Type-level checks of the generated event types, enforced by `npm run typecheck` (tsc reads this
 * file; at run time vitest only reports it). Spec §10: every event type has a JSON Schema of its own,
 * so the inbox item must be a union discriminated on `type`, and each member's `data` must list its
 * fields exactly: a field added to an event without its schema is then a compile error for every
 * vendor that reads it, and a field in the schema the hub does not send is caught by the hub's own check.
 *
 * TODO(issue 12.2): while the document types `type` as a plain string (no per-event schemas yet),
 * `Loose` is true and the checks below hold vacuously; once the document has a oneOf on `type`,
 * `npm run client:generate` makes them bite, with no change here.
 */
type Loose = string extends Bericht['type'] ? true : false;

/** Members whose `type` is not one literal, or whose `data` accepts any key. */
type Inexact<B> = B extends { type: infer T; data: infer D } ? (string extends T ? B : string extends keyof D ? B : never) : B;
/** Event types that more than one member claims (the union would not narrow on `type`). */
type Ambiguous = { [T in Bericht['type']]: IsUnion<Extract<Bericht, { type: T }>> extends true ? T : never }[Bericht['type']];
type IsUnion<U, A = U> = U extends unknown ? ([A] extends [U] ? false : true) : never;

type WhenTyped<X> = Loose extends true ? never : X;

describe('the generated event types', () => {
  it('are a union discriminated on `type`, each member with exact data (checked by tsc)', () => {
    expectTypeOf<WhenTyped<Inexact<Bericht>>>().toEqualTypeOf<never>();
    expectTypeOf<WhenTyped<Ambiguous>>().toEqualTypeOf<never>();
  });
});

/**
 * Array parameters in PostgreSQL's binary format, for the hub's large `unnest` statements.
 *
 * node-postgres writes a JS array as an array literal: every element turned into text, escaped
 * (two regular expressions each) and concatenated, every Date formatted field by field, and then
 * parsed back element by element by the server. For the audit chain's insert of 5,000 records that
 * took 22–32 ms of the hub's thread and 86 ms per round trip; in this format 14–20 ms and 61 ms
 * (docs/benchmarks.md, 2026-12-06). A Buffer parameter goes as it is, in binary, on both engines
 * (pg-protocol's bind, used by both adapters), and the server reads it with the type the statement
 * casts the parameter to. That type must be the one named here: `$1::varchar[]` takes `array.text(…,
 * 'varchar')`; another is refused with "binary data has array element type …", never misread.
 *
 * No npm package does only this (postgrejs and Effect's sql-pg carry such codecs inside whole clients).
 */

/** Element type OIDs (pg_type), as the server checks them against the parameter's declared type. */
const OID = { bool: 16, int8: 20, int4: 23, text: 25, bpchar: 1042, varchar: 1043, timestamptz: 1184, uuid: 2950 } as const;

/** PostgreSQL's epoch (2000-01-01) in JS milliseconds: a timestamptz is microseconds since then. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_32 = 2 ** 32;
const HEADER = 20;

/** One dimension, lower bound 1: the header of every array here. */
function header(size: number, n: number, hasNull: boolean, oid: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  b.writeInt32BE(1, 0);
  b.writeInt32BE(hasNull ? 1 : 0, 4);
  b.writeInt32BE(oid, 8);
  b.writeInt32BE(n, 12);
  b.writeInt32BE(1, 16);
  return b;
}

/** A safe integer as a signed 64-bit big-endian value, without a BigInt per element. */
function writeInt64(b: Buffer, v: number, o: number): void {
  const hi = Math.floor(v / TWO_32);
  b.writeInt32BE(hi, o);
  b.writeUInt32BE(v - hi * TWO_32, o + 4);
}

/** Fixed-width elements (8, 4, 1 or 16 bytes each), nulls as length -1. */
function fixed<T>(values: readonly (T | null | undefined)[], oid: number, width: number, write: (b: Buffer, v: T, o: number) => void): Buffer {
  let nulls = 0;
  for (const v of values) if (v == null) nulls++;
  const b = header(HEADER + values.length * 4 + (values.length - nulls) * width, values.length, nulls > 0, oid);
  let o = HEADER;
  for (const v of values) {
    if (v == null) {
      b.writeInt32BE(-1, o);
      o += 4;
    } else {
      b.writeInt32BE(width, o);
      write(b, v, o + 4);
      o += 4 + width;
    }
  }
  return b;
}

function int8(values: readonly (number | null | undefined)[]): Buffer {
  return fixed(values, OID.int8, 8, (b, v, o) => {
    if (!Number.isSafeInteger(v)) throw new TypeError(`not an integer for int8: ${v}`);
    writeInt64(b, v, o);
  });
}

function int4(values: readonly (number | null | undefined)[]): Buffer {
  return fixed(values, OID.int4, 4, (b, v, o) => {
    if (!Number.isInteger(v)) throw new TypeError(`not an integer for int4: ${v}`);
    b.writeInt32BE(v, o); // throws past the int4 range
  });
}

function bool(values: readonly (boolean | null | undefined)[]): Buffer {
  return fixed(values, OID.bool, 1, (b, v, o) => void (b[o] = v ? 1 : 0));
}

/** Moments with the millisecond precision a Date has; an invalid Date is refused. */
function timestamptz(values: readonly (Date | null | undefined)[]): Buffer {
  return fixed(values, OID.timestamptz, 8, (b, v, o) => {
    const ms = v.getTime();
    if (Number.isNaN(ms)) throw new TypeError('invalid Date for timestamptz');
    writeInt64(b, (ms - PG_EPOCH_MS) * 1000, o);
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** UUIDs in their canonical text form; anything else is refused (the server's text input would too). */
function uuid(values: readonly (string | null | undefined)[]): Buffer {
  return fixed(values, OID.uuid, 16, (b, v, o) => {
    if (!UUID.test(v)) throw new TypeError(`not a uuid: ${v}`);
    b.write(v.slice(0, 8), o, 'hex');
    b.write(v.slice(9, 13), o + 4, 'hex');
    b.write(v.slice(14, 18), o + 6, 'hex');
    b.write(v.slice(19, 23), o + 8, 'hex');
    b.write(v.slice(24), o + 10, 'hex');
  });
}

/** Texts as UTF-8, for `text[]`, `varchar[]` or `char(n)[]` (bpchar: padded by the statement's cast). */
function text(values: readonly (string | null | undefined)[], type: 'text' | 'varchar' | 'bpchar' = 'text'): Buffer {
  let size = HEADER + values.length * 4;
  let nulls = 0;
  const lengths = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v == null) nulls++;
    else size += lengths[i] = Buffer.byteLength(v);
  }
  const b = header(size, values.length, nulls > 0, OID[type]);
  let o = HEADER;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v == null) {
      b.writeInt32BE(-1, o);
      o += 4;
    } else {
      b.writeInt32BE(lengths[i]!, o);
      o += 4 + b.write(v, o + 4);
    }
  }
  return b;
}

/** Encoders by the element type the statement casts its parameter to (`$1::bigint[]` → `array.int8`). */
export const array = { int8, int4, bool, timestamptz, uuid, text };

const BY_SQL_TYPE: Record<string, (values: readonly never[]) => Buffer> = {
  bigint: int8, int8, int: int4, integer: int4, int4, boolean: bool, bool, timestamptz, uuid, text,
  varchar: (v) => text(v, 'varchar'), char: (v) => text(v, 'bpchar'), bpchar: (v) => text(v, 'bpchar'),
};

/**
 * The encoder for an element type as a statement spells it (`'char(9)'`, `'varchar(20)'`, `'int'`),
 * for stores that build `unnest($1::t1[], …)` from a list of types: the list then stays the one
 * place that names them. A type without an encoder here is refused.
 */
export function encoderFor(sqlType: string): (values: readonly unknown[]) => Buffer {
  const encode = BY_SQL_TYPE[sqlType.replace(/\(\d+\)$/, '')];
  if (!encode) throw new TypeError(`no binary array encoder for ${sqlType}`);
  return encode as (values: readonly unknown[]) => Buffer;
}

import type { Queryable } from '../db/db.ts';

/** How one reference table is synchronised with a source file. */
export interface TableSpec {
  table: string;
  key: string[];
  columns: string[];
  /** true: rows missing from the file are kept with actief = false; false: they are deleted. */
  softDelete: boolean;
}

export interface SyncCounts {
  toegevoegd: number;
  gewijzigd: number;
  gedeactiveerd: number;
  ongewijzigd: number;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
function ident(name: string): string {
  // Table and column names come from fixed specs in code; the check makes that a guarantee.
  if (!IDENT.test(name)) throw new Error(`invalid SQL identifier: ${name}`);
  return name;
}

const STAGE_BATCH = 5000;

/**
 * Brings `spec.table` in line with `rows`: stage them in a temporary table, count what differs,
 * then apply as three set operations. Runs in the caller's transaction; a dry run is the same
 * call in a transaction that is rolled back. Re-importing an unchanged file changes nothing.
 */
export async function syncTable(
  tx: Queryable,
  spec: TableSpec,
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  onStaged?: (n: number) => void,
): Promise<SyncCounts> {
  const t = ident(spec.table);
  const stage = ident(`stage_${spec.table}`);
  const cols = spec.columns.map(ident);
  const keys = spec.key.map(ident);
  const data = cols.filter((c) => !keys.includes(c));
  await tx.exec(`drop table if exists ${stage}; create temp table ${stage} (like ${t} including defaults) on commit drop`);

  let batch: Record<string, unknown>[] = [];
  let staged = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    // json_populate_recordset gives one generic, typed bulk insert for any table shape.
    await tx.query(
      `insert into ${stage} (${cols.join(', ')}) select ${cols.join(', ')} from json_populate_recordset(null::${stage}, $1::json)
       on conflict do nothing`,
      [JSON.stringify(batch)],
    );
    staged += batch.length;
    onStaged?.(staged);
    batch = [];
  };
  if (keys.length) await tx.exec(`alter table ${stage} add primary key (${keys.join(', ')})`);
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= STAGE_BATCH) await flush();
  }
  await flush();

  const join = keys.map((k) => `s.${k} = t.${k}`).join(' and ');
  const differs = [
    ...data.map((c) => `s.${c} is distinct from t.${c}`),
    ...(spec.softDelete ? ['not t.actief'] : []),
  ].join(' or ') || 'false';
  const { rows: counts } = await tx.query<{ toegevoegd: number; gewijzigd: number; ongewijzigd: number; weg: number }>(
    `select
       (select count(*) from ${stage} s where not exists (select 1 from ${t} t where ${join}))::int as toegevoegd,
       (select count(*) from ${stage} s join ${t} t on ${join} where ${differs})::int as gewijzigd,
       (select count(*) from ${stage} s join ${t} t on ${join} where not (${differs}))::int as ongewijzigd,
       (select count(*) from ${t} t where ${spec.softDelete ? 't.actief and ' : ''}not exists (select 1 from ${stage} s where ${join}))::int as weg`,
  );
  const c = counts[0]!;

  const assign = [...data.map((col) => `${col} = excluded.${col}`), ...(spec.softDelete ? ['actief = true'] : [])];
  await tx.query(
    `insert into ${t} (${cols.join(', ')}) select ${cols.join(', ')} from ${stage} s
     on conflict (${keys.join(', ')}) do ${assign.length ? `update set ${assign.join(', ')}
       where ${data.map((col) => `${t}.${col} is distinct from excluded.${col}`).concat(spec.softDelete ? [`not ${t}.actief`] : []).join(' or ') || 'false'}` : 'nothing'}`,
  );
  const gone = `not exists (select 1 from ${stage} s where ${keys.map((k) => `s.${k} = ${t}.${k}`).join(' and ')})`;
  if (spec.softDelete) await tx.query(`update ${t} set actief = false where actief and ${gone}`);
  else await tx.query(`delete from ${t} where ${gone}`);
  return { toegevoegd: c.toegevoegd, gewijzigd: c.gewijzigd, gedeactiveerd: c.weg, ongewijzigd: c.ongewijzigd };
}

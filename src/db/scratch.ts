import pg from 'pg';

/** Connection string of another database on the same server as `url`. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database beside `url`'s (tests, benchmarks, the simulator's own hub); its URL. */
export async function freshDatabase(url: string, name: string): Promise<string> {
  await withAdmin(url, async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
  return databaseUrl(url, name);
}

export function dropDatabase(url: string, name: string): Promise<void> {
  return withAdmin(url, async (c) => void (await c.query(`drop database if exists ${name} with (force)`)));
}

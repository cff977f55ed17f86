import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/helpers.ts';
import { loadConfig } from '../config/config.ts';
import type { Db } from '../db/db.ts';
import { createContext } from './context.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.close());

const config = (env: Record<string, string>) => loadConfig({}, { LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env });

describe('the keys a database was used with (issue 13.9)', () => {
  it('a process with another pseudonym key, or none where the hub had one, refuses to start', async () => {
    const hub = { VVA_PSEUDONYM_KEY: 'the-hubs-pseudonym-key-0123456789abcdef', VVA_AUDIT_KEY: 'the-hubs-audit-key-0123456789abcdef01234', VVA_GEHEIM_SLEUTEL: 'the-hubs-secret-key-0123456789abcdef0123' };
    const first = await createContext(config(hub), db);
    expect(first.audit.pseudonym('123456782')).toHaveLength(64);
    await expect(createContext(config(hub), db)).resolves.toBeDefined(); // the same keys: fine
    await expect(createContext(config({ ...hub, VVA_PSEUDONYM_KEY: 'another-pseudonym-key-0123456789abcdef0' }), db)).rejects.toThrow(/VVA_PSEUDONYM_KEY/);
    // A CLI command started without the variables the hub has would fall back to a generated key.
    await expect(createContext(config({}), db)).rejects.toThrow(/VVA_PSEUDONYM_KEY: without it/);
    await expect(createContext(config({ VVA_PSEUDONYM_KEY: hub.VVA_PSEUDONYM_KEY }), db)).rejects.toThrow(/VVA_AUDIT_KEY/);
    await expect(createContext(config({ ...hub, VVA_AUDIT_KEY: 'another-audit-key-0123456789abcdef0123' }), db)).rejects.toThrow(/VVA_AUDIT_KEY/);
    await expect(createContext(config({ VVA_PSEUDONYM_KEY: hub.VVA_PSEUDONYM_KEY, VVA_AUDIT_KEY: hub.VVA_AUDIT_KEY }), db)).rejects.toThrow(/VVA_GEHEIM_SLEUTEL/);
  });
});

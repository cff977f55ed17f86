import { z } from 'zod';
import { moment } from '../shared/validation.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the repository: reference data and migrations are found relative to it. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL').optional(),
  ),
  VVA_DATA_DIR: z.string().min(1).default('./data'),
  VVA_REFERENCE_DIR: z.string().min(1).default(path.join(REPO_ROOT, 'reference')),
  VVA_CLOCK: z.enum(['system', 'manual']).default('system'),
  VVA_CLOCK_START: optionalString.pipe(moment().optional()),
  VVA_PSEUDONYM_KEY: optionalString.pipe(
    z.string().min(32, 'must be at least 32 characters (a random secret)').optional(),
  ),
  // The hub's own OIN: the `source` of every CloudEvent. Default is a test-prefix OIN (00000099…).
  VVA_HUB_OIN: z.string().regex(/^[0-9]{20}$/, 'must be 20 digits').default('00000099000000000000'),
  VVA_TLS_CERT: optionalString,
  VVA_TLS_KEY: optionalString,
  VVA_TLS_CA: optionalString,
  // Push delivery (spec §10). Defaults: 10 s timeout; retries from ~10 s doubling to at most 1 h
  // between attempts, with jitter; given up (dead letter) only after 72 h — about 80 attempts.
  VVA_AFLEVERING_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  VVA_AFLEVERING_BASIS_MS: z.coerce.number().int().min(1).default(10_000),
  VVA_AFLEVERING_MAX_INTERVAL_MS: z.coerce.number().int().min(1).default(3_600_000),
  VVA_AFLEVERING_OPGEVEN_NA_MS: z.coerce.number().int().min(1).default(72 * 3_600_000),
  VVA_AFLEVERING_WORKERS: z.coerce.number().int().min(0).max(256).default(16),
  VVA_WEBHOOK_HTTP_LOOPBACK: z.enum(['true', 'false']).optional(),
  VVA_GEHEIM_SLEUTEL: optionalString.pipe(z.string().min(32, 'must be at least 32 characters (a random secret)').optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export interface Config {
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  dataDir: string;
  referenceDir: string;
  clock: { mode: 'system' | 'manual'; start?: Date };
  /** Undefined means: the embedded default keeps a generated key in the data directory. */
  pseudonymKey?: string;
  hubOin: string;
  tls?: { cert: string; key: string; ca: string };
  delivery: {
    timeoutMs: number;
    baseDelayMs: number;
    maxDelayMs: number;
    giveUpAfterMs: number;
    /** Concurrent POSTs per process; 0 = this process does not deliver (API-only role). */
    workers: number;
    /** Plain http:// to loopback receivers (development and tests); never in production. */
    allowLoopbackHttp: boolean;
  };
  /** Encrypts webhook secrets at rest; undefined: a development key kept in the database. */
  secretKey?: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  env: z.infer<typeof envSchema>['NODE_ENV'];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once, at start-up. Every problem is listed, not just the first, so an
 * operator fixes a deployment in one go. Nothing else in the code base reads process.env.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<string, string>> = {}): Config {
  const parsed = envSchema.safeParse({ ...env, ...overrides });
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const tlsParts = [e.VVA_TLS_CERT, e.VVA_TLS_KEY, e.VVA_TLS_CA];
  if (tlsParts.some(Boolean) && !tlsParts.every(Boolean)) {
    problems.push('VVA_TLS_CERT, VVA_TLS_KEY and VVA_TLS_CA: set all three (mutual TLS) or none');
  }
  if (e.NODE_ENV === 'production' && !e.VVA_PSEUDONYM_KEY) {
    problems.push('VVA_PSEUDONYM_KEY: required in production (the key of the audit pseudonyms)');
  }
  if (e.NODE_ENV === 'production' && !e.VVA_GEHEIM_SLEUTEL) {
    problems.push('VVA_GEHEIM_SLEUTEL: required in production (encrypts webhook secrets at rest)');
  }
  if (e.NODE_ENV === 'production' && e.VVA_WEBHOOK_HTTP_LOOPBACK === 'true') {
    problems.push('VVA_WEBHOOK_HTTP_LOOPBACK: not allowed in production (webhooks must use HTTPS)');
  }
  if (e.VVA_CLOCK_START && e.VVA_CLOCK !== 'manual') {
    problems.push('VVA_CLOCK_START: only meaningful with VVA_CLOCK=manual');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const dataDir = path.resolve(e.VVA_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir },
    dataDir,
    referenceDir: path.resolve(e.VVA_REFERENCE_DIR),
    clock: { mode: e.VVA_CLOCK, start: e.VVA_CLOCK_START ? new Date(e.VVA_CLOCK_START) : undefined },
    pseudonymKey: e.VVA_PSEUDONYM_KEY,
    hubOin: e.VVA_HUB_OIN,
    tls: e.VVA_TLS_CERT ? { cert: e.VVA_TLS_CERT, key: e.VVA_TLS_KEY!, ca: e.VVA_TLS_CA! } : undefined,
    delivery: {
      timeoutMs: e.VVA_AFLEVERING_TIMEOUT_MS,
      baseDelayMs: e.VVA_AFLEVERING_BASIS_MS,
      maxDelayMs: e.VVA_AFLEVERING_MAX_INTERVAL_MS,
      giveUpAfterMs: e.VVA_AFLEVERING_OPGEVEN_NA_MS,
      workers: e.VVA_AFLEVERING_WORKERS,
      allowLoopbackHttp: e.VVA_WEBHOOK_HTTP_LOOPBACK ? e.VVA_WEBHOOK_HTTP_LOOPBACK === 'true' : e.NODE_ENV !== 'production',
    },
    secretKey: e.VVA_GEHEIM_SLEUTEL,
    logLevel: e.LOG_LEVEL,
    env: e.NODE_ENV,
  };
}

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
  // Keys the audit chain (HMAC) and signs its checkpoints; kept outside the database (issue 13 point 5).
  VVA_AUDIT_KEY: optionalString.pipe(
    z.string().min(32, 'must be at least 32 characters (a random secret)').optional(),
  ),
  // The hub's own OIN: the `source` of every CloudEvent. Default is a test-prefix OIN (00000099…).
  VVA_HUB_OIN: z.string().regex(/^[0-9]{20}$/, 'must be 20 digits').default('00000099000000000000'),
  // The hub's base URL as its clients reach it (behind a load balancer: the public one). Events name
  // the JSON Schema of their data under it (`dataschema`, spec §10). Default: this process's own address.
  VVA_PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional()),
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
  // Intake transactions at once per process. Each holds one lock per pupil of its batch (up to 1,000)
  // in the server's shared lock table; the cap keeps a process's share bounded (see src/db/sloten.ts).
  VVA_INTAKE_TRANSACTIES: z.coerce.number().int().min(1).max(64).default(4),
  VVA_GEHEIM_SLEUTEL: optionalString.pipe(z.string().min(32, 'must be at least 32 characters (a random secret)').optional()),
  // HTTP server (issue 13 point 4). A client that sends nothing is dropped after the headers timeout,
  // an idle keep-alive connection after 5 s, any socket silent for 2 minutes (the socket timeout also
  // runs while the hub works on a long request, so not shorter); a request (a 100 MB upload included)
  // must arrive within 5 minutes. Open connections are capped below the descriptor limit.
  VVA_HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  VVA_HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(300_000),
  VVA_HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  VVA_HTTP_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
  VVA_HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(10_000),
  VVA_HTTP_MAX_REQUESTS_PER_SOCKET: z.coerce.number().int().min(0).default(1_000),
  // Behind a load balancer: which proxies' X-Forwarded-For to believe (per-address limits need the client's address).
  VVA_TRUST_PROXY: optionalString,
  // Rate limits per minute (0 = off): per credential (token or certificate) and per client address.
  VVA_RATE_LIMIT_PER_CREDENTIAL: z.coerce.number().int().min(0).default(1_200),
  VVA_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(0).default(3_000),
  // Failed authentication: after this many 401s from one address (0 = off) within the window, that
  // address waits 1 s, doubling with each further failure up to 15 minutes.
  VVA_AUTH_FAILURES_MAX: z.coerce.number().int().min(0).default(10),
  VVA_AUTH_FAILURE_WINDOW_MS: z.coerce.number().int().min(1).default(15 * 60_000),
  VVA_AUTH_LOCKOUT_BASE_MS: z.coerce.number().int().min(1).default(1_000),
  VVA_AUTH_LOCKOUT_MAX_MS: z.coerce.number().int().min(1).default(15 * 60_000),
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
  /** Keys the audit chain; undefined: a development key kept in the database. */
  auditKey?: string;
  hubOin: string;
  /** Base URL of the hub for its clients, without trailing slash. */
  publicUrl: string;
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
    /** Webhooks reach only public addresses (no loopback, private or reserved ranges): in production. */
    publicTargetsOnly: boolean;
  };
  http: HttpConfig;
  /** Intake transactions (batches of messages) this process runs at once; more wait their turn. */
  intakeTransacties: number;
  /** Encrypts webhook secrets at rest; undefined: a development key kept in the database. */
  secretKey?: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  env: z.infer<typeof envSchema>['NODE_ENV'];
}

/** The HTTP server's protection against clients that hold connections or send too much (issue 13 point 4). */
export interface HttpConfig {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** A socket without any traffic for this long is closed. */
  idleTimeoutMs: number;
  maxConnections: number;
  maxRequestsPerSocket: number;
  /** Fastify `trustProxy`: false, true (any proxy: only when the hub cannot be reached but through it), or proxy addresses/CIDRs. */
  trustProxy: boolean | string[];
  rateLimit: { perCredential: number; perAddress: number; windowMs: number };
  authFailures: { max: number; windowMs: number; lockoutBaseMs: number; lockoutMaxMs: number };
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
  if (e.NODE_ENV === 'production' && !e.VVA_AUDIT_KEY) {
    problems.push('VVA_AUDIT_KEY: required in production (keys the audit chain; keep it outside the database)');
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
  if (e.VVA_HTTP_HEADERS_TIMEOUT_MS > e.VVA_HTTP_REQUEST_TIMEOUT_MS) {
    problems.push('VVA_HTTP_HEADERS_TIMEOUT_MS: must not exceed VVA_HTTP_REQUEST_TIMEOUT_MS');
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
    auditKey: e.VVA_AUDIT_KEY,
    hubOin: e.VVA_HUB_OIN,
    publicUrl: (e.VVA_PUBLIC_URL ?? ownUrl(e.HOST, e.PORT, Boolean(e.VVA_TLS_CERT))).replace(/\/+$/, ''),
    tls: e.VVA_TLS_CERT ? { cert: e.VVA_TLS_CERT, key: e.VVA_TLS_KEY!, ca: e.VVA_TLS_CA! } : undefined,
    delivery: {
      timeoutMs: e.VVA_AFLEVERING_TIMEOUT_MS,
      baseDelayMs: e.VVA_AFLEVERING_BASIS_MS,
      maxDelayMs: e.VVA_AFLEVERING_MAX_INTERVAL_MS,
      giveUpAfterMs: e.VVA_AFLEVERING_OPGEVEN_NA_MS,
      workers: e.VVA_AFLEVERING_WORKERS,
      allowLoopbackHttp: e.VVA_WEBHOOK_HTTP_LOOPBACK ? e.VVA_WEBHOOK_HTTP_LOOPBACK === 'true' : e.NODE_ENV !== 'production',
      publicTargetsOnly: e.NODE_ENV === 'production',
    },
    http: {
      headersTimeoutMs: e.VVA_HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.VVA_HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.VVA_HTTP_KEEP_ALIVE_TIMEOUT_MS,
      idleTimeoutMs: e.VVA_HTTP_IDLE_TIMEOUT_MS,
      maxConnections: e.VVA_HTTP_MAX_CONNECTIONS,
      maxRequestsPerSocket: e.VVA_HTTP_MAX_REQUESTS_PER_SOCKET,
      trustProxy: trustProxyOf(e.VVA_TRUST_PROXY),
      rateLimit: { perCredential: e.VVA_RATE_LIMIT_PER_CREDENTIAL, perAddress: e.VVA_RATE_LIMIT_PER_ADDRESS, windowMs: 60_000 },
      authFailures: { max: e.VVA_AUTH_FAILURES_MAX, windowMs: e.VVA_AUTH_FAILURE_WINDOW_MS, lockoutBaseMs: e.VVA_AUTH_LOCKOUT_BASE_MS, lockoutMaxMs: e.VVA_AUTH_LOCKOUT_MAX_MS },
    },
    intakeTransacties: e.VVA_INTAKE_TRANSACTIES,
    secretKey: e.VVA_GEHEIM_SLEUTEL,
    logLevel: e.LOG_LEVEL,
    env: e.NODE_ENV,
  };
}

/** `VVA_TRUST_PROXY`: unset = trust no proxy; `true`; or a comma list of proxy addresses/CIDRs. */
function trustProxyOf(v: string | undefined): HttpConfig['trustProxy'] {
  if (v === undefined || v === 'false') return false;
  if (v === 'true') return true;
  return v.split(',').map((p) => p.trim()).filter(Boolean);
}

/** The address this process listens on, as a URL (a wildcard host as localhost). */
function ownUrl(host: string, port: number, tls: boolean): string {
  const h = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `${tls ? 'https' : 'http'}://${h}:${port}`;
}

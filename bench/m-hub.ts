/**
 * Target M of issue 11 for B1: the hub's own memory. In B1 the hub shares the bench's process with
 * the load generator; here it runs as `vva serve` in a process of its own on the same kind of fresh
 * PostgreSQL database, and this process sends B1's batches to it (1,000 per request, 4 in flight)
 * while it samples the hub's resident set (/proc/<pid>/status) until the journal is distributed.
 * `BENCH_ONLY=m DATABASE_URL=… node --import tsx bench/run.ts`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { isHealthy } from '@open-vva/client';
import { REPO_ROOT } from '../src/config/config.ts';
import * as journal from '../src/journal/store.ts';
import { mapLimit } from '../src/shared/parallel.ts';
import { HUB_NODE_ARGS, processMemoryKb } from '../src/shared/process-memory.ts';
import { b1Opzet, benchHub } from './setup.ts';

const kB = (veld: 'VmRSS' | 'VmHWM', pid: number) => processMemoryKb(veld, pid) ?? 0;

export async function mHubAlleen(aantal: number, batch: number, gelijktijdig: number): Promise<string> {
  const opzet = await benchHub('postgres');
  const { las, batches } = await b1Opzet(opzet.ctx, aantal, batch);
  await opzet.app.close();
  const port = 20_000 + (process.pid % 20_000);
  // With the heap bound the hub runs with wherever the project starts it (README, Running in production).
  const hub = spawn(process.execPath, [...HUB_NODE_ARGS, path.join(REPO_ROOT, 'bin/vva.mjs'), 'serve'], {
    env: {
      ...process.env, DATABASE_URL: opzet.databaseUrl!, PORT: String(port), HOST: '127.0.0.1', VVA_DATA_DIR: opzet.config.dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'test',
      VVA_CLOCK: 'manual', VVA_CLOCK_START: '2027-02-10T10:00:00+01:00', VVA_PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789abcdef01',
      VVA_RATE_LIMIT_PER_CREDENTIAL: '0', VVA_RATE_LIMIT_PER_ADDRESS: '0', VVA_AUTH_FAILURES_MAX: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; !(await isHealthy(url)); i++) {
      if (i > 600 || hub.exitCode !== null) throw new Error('the hub process did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const inRust = kB('VmRSS', hub.pid!);
    let piek = inRust;
    const meter = setInterval(() => (piek = Math.max(piek, kB('VmRSS', hub.pid!))), 100);
    const t0 = performance.now();
    let verwerkt = 0;
    await mapLimit(batches.map((b) => JSON.stringify({ berichten: b })), gelijktijdig, async (body) => {
      const res = await fetch(`${url}/api/v1/mbo-gangerberichten`, { method: 'POST', headers: { authorization: `Bearer ${las}`, 'content-type': 'application/json' }, body });
      verwerkt += ((await res.json()) as { resultaten: { resultaat: string }[] }).resultaten.filter((r) => r.resultaat === 'VERWERKT').length;
    });
    const intakeS = (performance.now() - t0) / 1000;
    // The hub distributes in the background: measured until the journal is done, the distributor's batches included.
    while ((await journal.achterstand(opzet.db)) > 0) await new Promise((r) => setTimeout(r, 100));
    const totaalS = (performance.now() - t0) / 1000;
    clearInterval(meter);
    const hwm = kB('VmHWM', hub.pid!);
    if (verwerkt !== aantal) throw new Error(`only ${verwerkt} of ${aantal} processed`);
    return `| M PostgreSQL | the hub alone (\`vva serve\` with its default heap bound, its own process) during B1: ${aantal.toLocaleString('en')} mbo-gangerberichten, batches of ${batch}, ${gelijktijdig} concurrent, until distributed | intake ${intakeS.toFixed(1)} s, distributed after ${totaalS.toFixed(1)} s | peak RSS **${Math.round(Math.max(piek, hwm) / 1024)} MB** | ${Math.round(inRust / 1024)} MB after start; sampled every 100 ms and the kernel's high-water mark (VmHWM) |`;
  } finally {
    hub.kill('SIGTERM');
    await new Promise((r) => hub.once('exit', r));
    await opzet.close();
  }
}

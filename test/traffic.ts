import { randomUUID } from 'node:crypto';
import { syntheticBsns } from '../src/domain/pgn.ts';
import { ADRES_ASSEN } from './berichten.ts';

interface Sample {
  kind: string;
  status: number | string;
  ms: number;
  /** Whether a marked operation (a CLI command) ran when the request was sent. */
  during: boolean;
}

/**
 * Real API traffic at a fixed rate, as a vo-school's LAS and a load balancer make it: reports with
 * addresses (resolved against the reference data), the school's overview, and health checks. Open loop:
 * a request is sent every 1/rate s whether or not the previous ones were answered, so a hub that stalls
 * shows up as latency instead of as less traffic.
 */
export function startTraffic(url: string, schoolToken: string, perSecond: number) {
  const pgns = syntheticBsns(141405);
  const samples: Sample[] = [];
  const inFlight = new Set<Promise<void>>();
  let marked = false;
  let n = 0;
  const auth = { authorization: `Bearer ${schoolToken}`, 'content-type': 'application/json' };
  const requests: [string, () => Promise<Response>][] = [
    ['report', () => fetch(`${url}/api/v1/mbo-gangerberichten`, {
      method: 'POST', headers: auth,
      body: JSON.stringify({ berichten: [0, 1].map(() => ({ berichtId: randomUUID(), tijdstip: '2026-11-20T09:00:00+01:00', pgn: pgns.next().value, brinVo: '18BR', ...ADRES_ASSEN, mboGanger: true })) }),
    })],
    ['health', () => fetch(`${url}/health`)],
    ['overview', () => fetch(`${url}/api/v1/vo-scholen/18BR/overzicht`, { headers: auth })],
  ];
  const timer = setInterval(() => {
    const [kind, send] = requests[n++ % requests.length]!;
    const during = marked;
    const started = performance.now();
    const p = send()
      .then(async (res) => {
        await res.arrayBuffer();
        samples.push({ kind, status: res.status, ms: performance.now() - started, during });
      })
      .catch((err: Error) => void samples.push({ kind, status: err.message, ms: performance.now() - started, during }))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 1000 / perSecond);

  const percentile = (xs: number[], q: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]! : NaN);
  const health = (during: boolean) => {
    const ms = samples.filter((s) => s.kind === 'health' && s.during === during).map((s) => s.ms);
    // The commands can fill the whole run: then no /health fell outside them.
    if (ms.length === 0) return 'none';
    return `${ms.length} × p50 ${percentile(ms, 0.5).toFixed(0)} ms, p95 ${percentile(ms, 0.95).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms`;
  };
  return {
    marker: (running: boolean) => void (marked = running),
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
    },
    sent: () => n,
    /** Requests that were not answered 200. */
    failures: () => samples.filter((s) => s.status !== 200).map((s) => `${s.kind}: ${s.status}`),
    /** The median latency of /health while a marked operation ran. */
    healthMedianDuring: () => percentile(samples.filter((s) => s.kind === 'health' && s.during).map((s) => s.ms), 0.5),
    report: () => `${samples.length} requests (${Math.round((samples.length / Math.max(1, n)) * 100)}% answered); /health during commands ${health(true)}; otherwise ${health(false)}`,
  };
}

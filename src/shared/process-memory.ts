import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';

/**
 * A field of a process's memory from the kernel (`VmRSS`: resident now, `VmHWM`: its peak so far), in kB;
 * null where there is no /proc (not Linux) or the process has ended. Issue 11's M is measured with it.
 */
export function processMemoryKb(field: 'VmRSS' | 'VmHWM', pid: number): number | null {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb);
  } catch {
    return null;
  }
}

/**
 * The heap a hub process runs with. Without a bound, V8 sizes the old generation's limit from the
 * machine's memory (4 GB on 24 GB) and lets garbage pile up: the hub's live heap was 75–100 MB after a
 * collection during the 100,000-pupil simulation, its resident set 687–739 MB. Bounded to 256 MB it
 * peaked at about 410 MB, but collected its old generation so often that the simulation took 8 % longer;
 * a young generation of twice the default (32 MB semi-spaces) lets a request's short-lived objects die
 * young again, which won most of that back (docs/benchmarks.md, 2026-12-02 morning). A process reads
 * these once, at start: `npm start`, the README's production command, the simulator and the tests pass
 * them; `vva serve` warns when started without a bound.
 */
export const HUB_NODE_ARGS = ['--max-old-space-size=256', '--max-semi-space-size=32'];

/** V8's heap limit in this process, in MB (the old generation's bound plus the young generation's). */
export const heapLimitMb = () => Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);

/** Whether this process was started with a heap bound (on its command line or in NODE_OPTIONS). */
export const heapBoundChosen = (execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '') =>
  [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => /^--max-(old-space|heap)-size\b/.test(a.replaceAll('_', '-')));

import cliProgress from 'cli-progress';
import type { FileProgress } from '../reference-data/csv.ts';

/** A progress bar on a terminal; silent when output goes to a file or CI log. */
export function terminalProgress(): FileProgress | undefined {
  if (!process.stderr.isTTY) return undefined;
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(total, label) {
      bar = new cliProgress.SingleBar({ format: `${label.padEnd(22)} [{bar}] {percentage}% | {value}/{total} bytes`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
      bar.start(total, 0);
    },
    update: (n) => bar?.update(n),
    stop: () => bar?.stop(),
  };
}

/** A bar per phase of a long run (the simulator); off a terminal, one line when a phase ends. */
export function phaseProgress(log: (line: string) => void) {
  return (label: string, total: number, unit: string) => {
    const started = Date.now();
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: `${label.padEnd(34)} [{bar}] {percentage}% | {value}/{total} ${unit}`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
      : undefined;
    bar?.start(total, 0);
    let value = 0;
    return {
      increment(n = 1) {
        value += n;
        bar?.update(value);
      },
      stop() {
        bar?.stop();
        log(`${label}: ${value.toLocaleString('nl-NL')} ${unit} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      },
    };
  };
}

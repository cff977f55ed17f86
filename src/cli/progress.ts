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

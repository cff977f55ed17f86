import { expect, it } from 'vitest';
import { processMemoryKb } from './process-memory.ts';

it.runIf(process.platform === 'linux')('reads a live process\'s resident set and peak from the kernel, and nothing for a process that is not there', () => {
  const rss = processMemoryKb('VmRSS', process.pid)!;
  expect(rss).toBeGreaterThan(10_000);
  expect(processMemoryKb('VmHWM', process.pid)!).toBeGreaterThanOrEqual(rss);
  expect(processMemoryKb('VmRSS', 2 ** 22 + 1)).toBeNull();
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config/config.ts';
import { heapBoundChosen, HUB_NODE_ARGS, processMemoryKb } from './process-memory.ts';

it.runIf(process.platform === 'linux')('reads a live process\'s resident set and peak from the kernel, and nothing for a process that is not there', () => {
  const rss = processMemoryKb('VmRSS', process.pid)!;
  expect(rss).toBeGreaterThan(10_000);
  expect(processMemoryKb('VmHWM', process.pid)!).toBeGreaterThanOrEqual(rss);
  expect(processMemoryKb('VmRSS', 2 ** 22 + 1)).toBeNull();
});

describe('the hub\'s heap bound', () => {
  it('is seen on the command line and in NODE_OPTIONS, in either spelling, and not in other options', () => {
    expect(heapBoundChosen(HUB_NODE_ARGS, '')).toBe(true);
    expect(heapBoundChosen([], '--enable-source-maps --max_old_space_size=512')).toBe(true);
    expect(heapBoundChosen(['--max-heap-size=300'], '')).toBe(true);
    expect(heapBoundChosen(['--cpu-prof', '--max-semi-space-size=16'], '--enable-source-maps')).toBe(false);
    expect(heapBoundChosen([], '')).toBe(false);
  });

  it('is what `npm start` and the README\'s production command start the hub with', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toContain(HUB_NODE_ARGS.join(' '));
    expect(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')).toMatch(new RegExp(`NODE_OPTIONS="${HUB_NODE_ARGS.join(' ')}" .*vva serve`));
  });
});

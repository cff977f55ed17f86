import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * CI starts from a clean checkout, so vitest has no timings of earlier runs and would start the few
 * files that take minutes wherever they fall; the last one then runs alone while the other worker
 * idles. These files start first, longest first (measured on the project's machine, 2026-12-01);
 * everything else follows in vitest's own order.
 */
const LONGEST_FIRST = [
  'test/simulate.test.ts',
  'src/intake/input.fuzz.test.ts',
  'src/upload/upload.fuzz.test.ts',
  'test/cli.test.ts',
  'test/kill-delivery.test.ts',
  'test/import-beside-hub.test.ts',
  'test/kill-distribution.test.ts',
  'test/crash.test.ts',
  'src/intake/intake.property.test.ts',
  'src/console/browser.test.ts',
  'test/stop.test.ts',
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((p) => f.moduleId.endsWith(`/${p}`));
      return i === -1 ? LONGEST_FIRST.length : i;
    };
    const sorted = await super.sort(files);
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

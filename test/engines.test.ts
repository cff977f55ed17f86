import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config/config.ts';

// Issue 12.10: package.json's `engines` is true to the dependencies: every Node release it names is one
// that every package the hub runs with (as locked; not the dev tooling) declares it runs on. Checked on
// concrete releases (x.y.0 of Node 20–30), which is what an operator installs.
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dev?: boolean; devOptional?: boolean; engines?: { node?: string } | string[] }> };

/**
 * Declared stricter than they are, each checked: cookie 2 says >=22 but is plain ESM without any Node
 * API of 22; what it needs is require(esm) in light-my-request, which Node has since 20.19 (the range's floor).
 */
const CHECKED_EXCEPTIONS: Record<string, string> = { cookie: '>=22' };

const RELEASES = Array.from({ length: 11 }, (_, m) => Array.from({ length: 30 }, (_, n) => `${20 + m}.${n}.0`)).flat();

describe('engines', () => {
  it('names only Node versions that every locked dependency accepts', () => {
    const ours = pkg.engines.node;
    expect(semver.validRange(ours)).not.toBeNull();
    expect(semver.satisfies(process.version, ours)).toBe(true);
    const refused: string[] = [];
    for (const [where, p] of Object.entries(lock.packages)) {
      const node = Array.isArray(p.engines) ? undefined : p.engines?.node;
      if (!where || !node || p.dev || p.devOptional) continue;
      const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
      if (CHECKED_EXCEPTIONS[name] === node) continue;
      const outside = RELEASES.filter((v) => semver.satisfies(v, ours) && !semver.satisfies(v, node));
      if (outside.length) refused.push(`${name}@${p.version}: ${node} (not ${outside.slice(0, 3).join(', ')}…)`);
    }
    expect(refused).toEqual([]);
  });
});

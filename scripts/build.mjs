#!/usr/bin/env node
// `npm run build`: the server's TypeScript compiled to dist/ (tsc, the same compiler as the type check),
// plus the one non-code file the sources read beside themselves (the console's style sheet). Production
// then runs `vva serve` as plain JavaScript, without tsx; see bin/vva.mjs.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
cpSync(path.join(root, 'src/console/static'), path.join(root, 'dist/console/static'), { recursive: true });

// `npm start` builds the web app only when the build is missing or older than its sources.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What the production build is made from; lessons are read at request time and are not part of it. */
const BUILD_INPUTS = ['app', 'components', 'core', 'public', 'next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];
const STAMP_FILE = path.join('.next', 'nslab-build-inputs');

/** A hash over the inputs' paths, sizes and modification times: cheap, and changes whenever a source does. */
export function hashBuildInputs(root: string): string {
  const hash = createHash('sha256');
  const visit = (rel: string) => {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) return;
    const stat = statSync(abs);
    if (stat.isDirectory()) {
      for (const name of readdirSync(abs).sort()) visit(path.join(rel, name));
    } else {
      hash.update(`${rel}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest('hex');
}

export function isBuildFresh(root: string): boolean {
  const stamp = path.join(root, STAMP_FILE);
  if (!existsSync(path.join(root, '.next', 'BUILD_ID')) || !existsSync(stamp)) return false;
  return readFileSync(stamp, 'utf8').trim() === hashBuildInputs(root);
}

/** Runs `next build` when needed; returns false (after printing why) if the build failed. */
export function ensureBuild(root: string, log: (message: string) => void): boolean {
  if (isBuildFresh(root)) return true;
  log('building the web app (first start, or its sources changed)…');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) return false;
  // Hashed after the build: `next build` may rewrite tsconfig.json, which is one of the inputs.
  writeFileSync(path.join(root, STAMP_FILE), hashBuildInputs(root));
  return true;
}

// The box the VM boots: built by test/vagrant/build-box.sh, or taken from the cache while its inputs (the build script, the packages provisioning installs) are unchanged.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { must } from './commands';
import { BUILD_BOX, DOCKER, FRESH_BOX, state, VAGRANT_DIR } from './run-state';

/** Where built boxes are kept between runs: NSLAB_VAGRANT_BOX_CACHE, else the user's cache directory. */
function boxCacheDir(): string {
  if (process.env.NSLAB_VAGRANT_BOX_CACHE) return process.env.NSLAB_VAGRANT_BOX_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'nslab', 'vagrant-box');
}

/** Sets state.boxFile: the cached box when its inputs are unchanged, else a new build (cached unless --fresh-box). */
export async function buildBox(deadline: number): Promise<void> {
  const provision = readFileSync(join(VAGRANT_DIR, 'provision.sh'), 'utf8');
  const packages = provision.match(/^PACKAGES=.*$/m)?.[0] ?? '';
  const dockerPackages = DOCKER ? (provision.match(/^DOCKER_PACKAGES=.*$/m)?.[0] ?? '') : '';
  const key = createHash('sha256').update(readFileSync(BUILD_BOX)).update(packages).update(dockerPackages).digest('hex').slice(0, 16);
  const cacheDir = boxCacheDir();
  // The Docker box is cached beside the plain one: each replaces only older boxes of its own kind.
  const kind = DOCKER ? 'nslab-test-docker-' : 'nslab-test-';
  const cached = join(cacheDir, `${kind}${key}.box`);
  if (!FRESH_BOX && existsSync(cached)) {
    console.log(`  using the cached box ${cached}`);
    state.boxFile = cached;
    return;
  }
  const built = join(state.tmp, 'nslab-test.box');
  await must('bash', [BUILD_BOX, '--out', built, '--work', join(state.tmp, 'box-build'), ...(DOCKER ? ['--with-docker'] : [])], { deadline });
  state.boxFile = built;
  if (FRESH_BOX) return;
  mkdirSync(cacheDir, { recursive: true });
  const ofKind = new RegExp(`^${kind}[0-9a-f]{16}\\.box(\\.partial)?$`);
  for (const old of readdirSync(cacheDir)) if (ofKind.test(old)) rmSync(join(cacheDir, old), { force: true });
  try {
    renameSync(built, cached);
  } catch {
    // another file system: copy, then rename within the cache so that no half-written box is ever found
    copyFileSync(built, `${cached}.partial`);
    renameSync(`${cached}.partial`, cached);
    unlinkSync(built);
  }
  state.boxFile = cached;
  console.log(`  cached as ${cached}`);
}

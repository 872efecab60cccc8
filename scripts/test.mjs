// `npm test`: runs the linters, installs Chromium when it can, runs unit + integration tests, builds the web app, runs e2e tests, then the three-node cluster test where nginx and PostgreSQL are installed, checks for leftovers, then the Vagrant VM test where Vagrant and libvirt are installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';

const CHROMIUM = process.env.NSLAB_CHROMIUM ?? '/usr/bin/chromium';
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  const isRoot = process.getuid?.() === 0;
  const debian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
  if (!isRoot || !debian) {
    console.error(`e2e tests need Chromium at ${CHROMIUM}: install it with "sudo apt-get install -y chromium" (or set NSLAB_CHROMIUM)`);
    return false;
  }
  console.log('installing chromium for the e2e tests (apt-get install -y chromium)…');
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['install', '-y', '-q', 'chromium'], env) !== 0) {
    run('apt-get', ['update', '-q'], env);
    return run('apt-get', ['install', '-y', '-q', 'chromium'], env) === 0;
  }
  return true;
}

mkdirSync('test-artifacts', { recursive: true });
const counts = { passed: 0, failed: 0, skipped: 0 };
const tally = (file) => {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  counts.passed += r.numPassedTests ?? 0;
  counts.failed += r.numFailedTests ?? 0;
  counts.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
};
const vitest = ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json'];

let status = 0;
// The linters first (npm run lint); on a failure the tests still run. `npx prettier --write . && npx eslint --fix .` fixes what they can.
const lint = run('node', ['node_modules/eslint/bin/eslint.js', '.']) | run('node', ['node_modules/prettier/bin/prettier.cjs', '--check', '.']);
if (lint !== 0) console.error('lint failed: `npx prettier --write . && npx eslint --fix .` fixes formatting and what ESLint can; the rest needs a hand');
status |= lint;
const tsx = ['node_modules/tsx/dist/cli.mjs'];
run('node', [...tsx, 'test/support/check-leftovers.ts', 'before']);
status |= run('node', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
status |= run('node', ['node_modules/typescript/bin/tsc', '-p', 'core/tsconfig.json', '--noEmit']);
if (status !== 0) console.error('type check failed');

status |= run('node', [...vitest, '--outputFile=test-artifacts/unit.json']);
tally('test-artifacts/unit.json');

if (ensureChromium()) {
  status |= run('node', [...vitest, '--config', 'e2e/vitest.config.ts', '--outputFile=test-artifacts/e2e.json'], { NSLAB_CHROMIUM: CHROMIUM });
  tally('test-artifacts/e2e.json');
} else {
  status |= 1;
  counts.failed += 1;
}

const onPath = (tool) => [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin'].some((dir) => existsSync(`${dir}/${tool}`));
// Three lab nodes behind nginx on PostgreSQL (npm run test:cluster): where nginx and PostgreSQL's server are installed, as in CI.
const postgresInstalled = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/postgres`));
const clusterMissing = [!onPath('nginx') && 'nginx (apt-get install nginx-light)', !postgresInstalled && 'PostgreSQL (apt-get install postgresql)'].filter(Boolean);
if (clusterMissing.length === 0 && process.getuid?.() === 0) {
  console.log('\nthree lab nodes behind nginx (npm run test:cluster)…');
  status |= run('node', [...vitest, '--config', 'test/cluster/vitest.config.ts', '--outputFile=test-artifacts/cluster.json']);
  tally('test-artifacts/cluster.json');
} else {
  counts.skipped += 1;
  console.log(`\nskipped the cluster test (npm run test:cluster): ${clusterMissing.length ? `${clusterMissing.join(', ')} missing` : 'it needs root'}`);
}

status |= run('node', [...tsx, 'test/support/check-leftovers.ts', 'after']);

// The lab on a real VM (npm run test:vagrant): where its tools are installed, as in CI; else say how to get them.
const VM_TOOLS = ['vagrant', 'libvirtd', 'virtlogd', 'qemu-system-x86_64', 'debootstrap'];
const missingVmTools = VM_TOOLS.filter((t) => !onPath(t));
if (missingVmTools.length === 0 && process.getuid?.() === 0 && process.env.NSLAB_SKIP_VM_TEST !== '1') {
  console.log('\nthe lab on a real VM (npm run test:vagrant)…');
  if (run('node', ['--import', 'tsx', 'scripts/test-vagrant.ts']) === 0) counts.passed += 1;
  else {
    status |= 1;
    counts.failed += 1;
  }
} else {
  counts.skipped += 1;
  const why = missingVmTools.length
    ? `${missingVmTools.join(', ')} missing: apt-get install -y vagrant vagrant-libvirt libvirt-daemon-system qemu-system-x86 qemu-utils debootstrap dnsmasq-base`
    : process.getuid?.() !== 0
      ? 'it needs root'
      : 'NSLAB_SKIP_VM_TEST=1';
  console.log(`\nskipped the VM test (npm run test:vagrant): ${why}`);
}
if (status !== 0 && counts.failed === 0) counts.failed = 1;
console.log(`\n${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(status === 0 ? 0 : 1);

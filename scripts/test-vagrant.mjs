// `npm run test:vagrant`: builds (or reuses) a small Debian box, starts libvirt (software emulation) in a private network namespace, runs test/vagrant/lab-in-vm.ts (the lab brings vagrant/ up and works in it), provisions again, and tears everything down. With NSLAB_VM_DOCKER=1 the VM is provisioned with NSLAB_WITH_DOCKER=1 and test/vagrant/docker-in-vm.ts runs the Docker exercises in it instead.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VAGRANT_DIR = join(ROOT, 'vagrant');
const BUILD_BOX = join(ROOT, 'test/vagrant/build-box.sh');
// --fresh-box: build the box even if one is cached, and do not cache it (CI does this).
const FRESH_BOX = process.argv.includes('--fresh-box');
// NSLAB_VM_DOCKER=1: a box with provision.sh's DOCKER_PACKAGES, provisioned with NSLAB_WITH_DOCKER=1 (images built in the VM, offline).
const DOCKER = process.env.NSLAB_VM_DOCKER === '1';
// --hook FILE: what runs once the box is added, with the VM not yet created (a TypeScript file, run with tsx from
// the repository); it must bring the VM up, as the lab's vagrant machine does.
const hookIndex = process.argv.indexOf('--hook');
const HOOK = hookIndex > 0 && process.argv[hookIndex + 1] ? process.argv[hookIndex + 1] : DOCKER ? 'test/vagrant/docker-in-vm.ts' : 'test/vagrant/lab-in-vm.ts';

/** Step time limits (in seconds): a cold box build plus one boot fit well inside them on 2 emulating cores (with Docker: its start and two image builds too). */
const LIMIT_S = { preflight: 30, box: 300, libvirt: 45, boxAdd: 90, provision: 180, hook: DOCKER ? 720 : 540, destroy: 120, boxRemove: 60, teardown: 90 };
/** How long a process may take to exit after SIGTERM before it gets SIGKILL (in milliseconds). */
const KILL_GRACE_MS = 5_000;

const id = randomBytes(3).toString('hex');
const NAME = `nslab-vt-${id}`; // network namespace and box name
const state = {
  tmp: '', // everything of the run lives here
  nsFile: '', // the private mount namespace, bind-mounted onto a file
  netns: false,
  createdRunLibvirt: false,
  daemons: /** @type {{name: string, pidFile: string}[]} */ ([]),
  boxAdded: false,
  upStarted: false,
  destroyed: false,
  boxRemoved: false,
};
const children = new Set();
let interrupted = '';
let tearingDown = false; // teardown's commands run even after an interrupt

// ── running commands ────────────────────────────────────────────────────────────────────────────────

const elapsed = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

/**
 * Runs a command in its own process group; on `deadline` (epoch ms) or an interrupt the whole group is
 * killed. Output is streamed (or, with `capture`, collected). Resolves to { ok, code, out, timedOut }.
 */
function run(cmd, args, { deadline, env = {}, capture = false, cwd = ROOT } = {}) {
  return new Promise((resolvePromise) => {
    if (interrupted && !tearingDown) return resolvePromise({ ok: false, code: null, out: '', timedOut: false });
    const t0 = Date.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let timedOut = false;
    let pending = '';
    const show = (chunk) => {
      const text = chunk.toString();
      out += text;
      if (capture) return;
      pending += text;
      const lines = pending.split(/\r?\n|\r/);
      pending = lines.pop() ?? '';
      for (const raw of lines) {
        // eslint-disable-next-line no-control-regex
        const line = raw.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
        if (/^\s*Progress: \d+%/.test(line) || line.trim() === '') continue; // upload progress redraws
        console.log(`    ${elapsed(t0).padStart(6)} │ ${line}`);
      }
    };
    child.stdout.on('data', show);
    child.stderr.on('data', show);
    const killGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = deadline
      ? setTimeout(() => {
          timedOut = true;
          console.log(`    ${cmd} ${args.slice(0, 6).join(' ')}… timed out: killing it`);
          killGroup('SIGTERM');
          setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref();
        }, Math.max(0, deadline - Date.now()))
      : undefined;
    child.on('error', (error) => {
      out += `${error.message}\n`;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      if (pending && !capture) console.log(`    ${elapsed(t0).padStart(6)} │ ${pending}`);
      resolvePromise({ ok: code === 0 && !timedOut, code, out, timedOut });
    });
    child.killGroup = killGroup;
  });
}

/** A command inside the run's mount and network namespaces. */
const inLab = (cmd, args) => ['nsenter', [`--mount=${state.nsFile}`, `--net=/run/netns/${NAME}`, `--wd=${ROOT}`, '--', cmd, ...args]];

const vagrantEnv = () => ({
  VAGRANT_CWD: VAGRANT_DIR,
  VAGRANT_DOTFILE_PATH: join(state.tmp, 'vagrant-dot'),
  VAGRANT_HOME: join(state.tmp, 'vagrant-home'),
  VAGRANT_CHECKPOINT_DISABLE: '1',
  VAGRANT_DEFAULT_PROVIDER: 'libvirt',
  NSLAB_VAGRANT_DIR: VAGRANT_DIR,
  NSLAB_VM_BOX: NAME,
  NSLAB_LIBVIRT_DRIVER: 'qemu', // /dev/kvm may exist and still hang: always emulate
  NSLAB_VM_MEMORY: '1024',
  NSLAB_VM_CONSOLE_LOG: join(state.tmp, 'console.log'),
  NSLAB_WITH_DOCKER: DOCKER ? '1' : '0',
});

async function must(cmd, args, options) {
  const r = await run(cmd, args, options);
  if (!r.ok) throw new Error(`${cmd} ${args.join(' ')} ${r.timedOut ? 'timed out' : `failed (exit ${r.code})`}${options?.capture ? `:\n${r.out.trim()}` : ''}`);
  return r.out;
}
const vagrant = (args, deadline) => must(...inLab('vagrant', args), { deadline, env: vagrantEnv() });
const virsh = (args, deadline, extra = {}) => run(...inLab('virsh', ['-c', 'qemu:///system', ...args]), { deadline, capture: true, ...extra });

function tail(file, lines = 40) {
  try {
    const text = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    return text ? `── last lines of ${file}:\n${text}` : '';
  } catch {
    return '';
  }
}

// ── steps ───────────────────────────────────────────────────────────────────────────────────────────

const results = [];

async function step(name, limitS, fn, { always = false } = {}) {
  const failedBefore = results.some((r) => r.status === 'failed');
  if ((failedBefore || interrupted) && !always) {
    results.push({ name, status: 'skipped', ms: 0 });
    console.log(`- ${name}: skipped`);
    return false;
  }
  console.log(`▶ ${name} (limit ${limitS}s)`);
  const t0 = Date.now();
  const deadline = t0 + limitS * 1000;
  let status = 'passed';
  let error = '';
  let timer;
  try {
    await Promise.race([
      fn(deadline),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`over its limit of ${limitS}s`)), limitS * 1000 + KILL_GRACE_MS * 2);
      }),
    ]);
    if (interrupted && !always) throw new Error('stopped');
  } catch (e) {
    status = 'failed';
    error = e instanceof Error ? e.message : String(e);
    if (interrupted && !always) error = `interrupted by ${interrupted}: ${error}`;
  } finally {
    clearTimeout(timer);
  }
  const ms = Date.now() - t0;
  results.push({ name, status, ms });
  console.log(`${status === 'passed' ? '✓' : '✗'} ${name}: ${status} in ${(ms / 1000).toFixed(1)}s${error ? `\n  ${error.replace(/\n/g, '\n  ')}` : ''}`);
  return status === 'passed';
}

async function preflight(deadline) {
  if (process.getuid?.() !== 0) throw new Error('run as root: libvirtd, network namespaces and debootstrap need it');
  // Debian packages: vagrant vagrant-libvirt libvirt-daemon-system qemu-system-x86 qemu-utils debootstrap dnsmasq-base openssh-client.
  const tools = ['vagrant', 'virsh', 'libvirtd', 'virtlogd', 'qemu-system-x86_64', 'qemu-img', 'debootstrap', 'mkfs.ext4', 'ip', 'nsenter', 'unshare', 'findmnt', 'umount', 'ssh', 'tar', 'dnsmasq'];
  const path = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin']);
  const missing = tools.filter((t) => !path.some((d) => existsSync(join(d, t))));
  if (missing.length) throw new Error(`missing: ${missing.join(', ')} (apt-get install -y vagrant vagrant-libvirt libvirt-daemon-system qemu-system-x86 qemu-utils debootstrap dnsmasq-base openssh-client)`);
  if (!existsSync(resolve(ROOT, HOOK))) throw new Error(`${HOOK} is missing`);
  if (!existsSync('/etc/libvirt/libvirtd.conf')) throw new Error('/etc/libvirt/libvirtd.conf is missing: apt-get install -y libvirt-daemon-system');
  if (!existsSync('/dev/net/tun')) throw new Error('/dev/net/tun is missing: libvirt needs it for the VM\'s network interface');
  await cleanStaleRuns(deadline);
  state.tmp = mkdtempSync(join(tmpdir(), `${NAME}-`));
  writeFileSync(join(state.tmp, 'driver.pid'), `${process.pid}\n`);
  chmodSync(state.tmp, 0o711); // qemu and dnsmasq drop privileges but must reach files below
}

/**
 * Runs of this script that were killed before their teardown (SIGKILL, a lost machine) leave a network
 * namespace, its processes, mounts and a directory: they go now. A run whose driver still lives is left alone.
 */
async function cleanStaleRuns(deadline) {
  const pattern = /^nslab-vt-[0-9a-f]{6}$/;
  const namespaces = (await run('ip', ['netns', 'list'], { capture: true, deadline })).out.split('\n').map((l) => l.split(' ')[0]).filter((n) => pattern.test(n));
  const dirs = readdirSync(tmpdir()).filter((d) => /^nslab-vt-[0-9a-f]{6}-/.test(d)).map((d) => join(tmpdir(), d));
  const names = new Set([...namespaces, ...dirs.map((d) => basename(d).slice(0, 'nslab-vt-000000'.length))]);
  for (const name of names) {
    const dir = dirs.find((d) => basename(d).startsWith(`${name}-`));
    const owner = dir ? readPid(join(dir, 'driver.pid')) : 0;
    if (owner && alive(owner)) continue;
    if (dir && !owner && Date.now() - statSync(dir).mtimeMs < 60_000) continue; // a run that is just starting
    console.log(`  cleaning up after a run that was killed: ${name}`);
    if (namespaces.includes(name)) {
      const pids = (await run('ip', ['netns', 'pids', name], { capture: true, deadline })).out.split(/\s+/).filter(Boolean).map(Number);
      await stopPids(pids);
      await run('ip', ['netns', 'delete', name], { capture: true, deadline });
    }
    if (!dir) continue;
    for (const mount of mountsUnder(dir)) await run('umount', ['-l', mount], { capture: true, deadline });
    if (existsSync(join(dir, 'created-run-libvirt'))) {
      try {
        rmdirSync('/run/libvirt');
      } catch {
        // not empty: a libvirtd of the host uses it now
      }
    }
    await run('rm', ['-rf', '--one-file-system', dir], { capture: true, deadline });
  }
}

/** Where built boxes are kept between runs: NSLAB_VAGRANT_BOX_CACHE, else the user's cache directory. */
function boxCacheDir() {
  if (process.env.NSLAB_VAGRANT_BOX_CACHE) return process.env.NSLAB_VAGRANT_BOX_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'nslab', 'vagrant-box');
}

/** The box file to add: from the cache when its inputs (the build script, the packages provisioning installs) are unchanged. */
let boxFile = '';
async function buildBox(deadline) {
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
    boxFile = cached;
    return;
  }
  const built = join(state.tmp, 'nslab-test.box');
  await must('bash', [BUILD_BOX, '--out', built, '--work', join(state.tmp, 'box-build'), ...(DOCKER ? ['--with-docker'] : [])], { deadline });
  boxFile = built;
  if (FRESH_BOX) return;
  mkdirSync(cacheDir, { recursive: true });
  const ofKind = new RegExp(`^${kind}[0-9a-f]{16}\\.box(\\.partial)?$`);
  for (const old of readdirSync(cacheDir)) if (ofKind.test(old)) rmSync(join(cacheDir, old), { force: true });
  try {
    renameSync(built, cached);
  } catch {
    copyFileSync(built, `${cached}.partial`);
    renameSync(`${cached}.partial`, cached);
    unlinkSync(built);
  }
  boxFile = cached;
  console.log(`  cached as ${cached}`);
}

/** libvirt's state directories, each replaced (in the private mount namespace) by a directory of the run. */
const LIBVIRT_DIRS = { etc: '/etc/libvirt', lib: '/var/lib/libvirt', run: '/run/libvirt', log: '/var/log/libvirt', cache: '/var/cache/libvirt' };

/**
 * libvirtd and virtlogd are started by hand (no init system needed) inside a network namespace made for
 * the run, so the VM's bridge, DHCP server and traffic stay inside it, and inside a private mount
 * namespace in which libvirt's directories are bind mounts of the run's directory: nothing libvirt
 * writes (definitions, images, leases, logs) outlives the run, and a libvirtd of the host is not touched.
 */
async function startLibvirt(deadline) {
  await must('ip', ['netns', 'add', NAME], { deadline });
  state.netns = true;
  await must('ip', ['-n', NAME, 'link', 'set', 'lo', 'up'], { deadline });

  const lv = join(state.tmp, 'libvirt');
  for (const sub of Object.keys(LIBVIRT_DIRS)) mkdirSync(join(lv, sub), { recursive: true });
  mkdirSync(join(lv, 'log/qemu'));
  cpSync('/etc/libvirt', join(lv, 'etc'), { recursive: true });
  // Only vagrant-libvirt's own network: the packaged "default" one is neither started nor kept.
  rmSync(join(lv, 'etc/qemu/networks'), { recursive: true, force: true });
  // qemu runs as root without a security driver: the box's kernel and disk live below the run's directory.
  appendFileSync(join(lv, 'etc/qemu.conf'), '\nuser = "root"\ngroup = "root"\nsecurity_driver = "none"\n');
  appendFileSync(join(lv, 'etc/libvirtd.conf'), '\nauth_unix_rw = "none"\nauth_unix_ro = "none"\nlog_outputs = "3:file:/var/log/libvirt/libvirtd.log"\n');
  appendFileSync(join(lv, 'etc/virtlogd.conf'), '\nlog_outputs = "3:file:/var/log/libvirt/virtlogd.log"\n');
  if (!existsSync('/run/libvirt')) {
    mkdirSync('/run/libvirt'); // a mount point is needed; removed again in teardown
    state.createdRunLibvirt = true;
    writeFileSync(join(state.tmp, 'created-run-libvirt'), ''); // for the cleanup after a killed run
  }

  // A mount namespace that outlives its first process: bind-mounted onto a file on a private mount.
  const nsDir = join(state.tmp, 'ns');
  mkdirSync(nsDir);
  await must('mount', ['--bind', nsDir, nsDir], { deadline });
  await must('mount', ['--make-private', nsDir], { deadline });
  state.nsFile = join(nsDir, 'mnt');
  writeFileSync(state.nsFile, '');
  const binds = Object.entries(LIBVIRT_DIRS).map(([sub, target]) => `mount --bind '${join(lv, sub)}' '${target}'`).join(' && ');
  await must('unshare', [`--mount=${state.nsFile}`, '--propagation', 'private', '--', 'sh', '-c', binds], { deadline });

  for (const daemon of ['virtlogd', 'libvirtd']) {
    const pidFile = join(state.tmp, `${daemon}.pid`);
    state.daemons.push({ name: daemon, pidFile });
    await must(...inLab(daemon, ['--daemon', '--pid-file', pidFile]), { deadline });
  }
  for (;;) {
    const r = await virsh(['version'], deadline);
    if (r.ok) break;
    if (Date.now() > deadline - 1000 || interrupted) throw new Error(`libvirtd does not answer:\n${r.out.trim()}\n${tail(join(lv, 'log/libvirtd.log'))}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  console.log(`  libvirtd and virtlogd run in network namespace ${NAME}`);
}

/** The hook, with the VM's console and libvirt's logs shown when it fails (the boot happens inside it). */
async function runHookWithLogs(deadline) {
  try {
    await runHook(deadline);
  } catch (e) {
    const lv = join(state.tmp, 'libvirt/log');
    const logs = [tail(join(state.tmp, 'console.log')), tail(join(lv, 'qemu/vagrant_default.log'), 20), tail(join(lv, 'libvirtd.log'), 20)].filter(Boolean);
    throw new Error([e.message, ...logs].join('\n'));
  }
}

async function runHook(deadline) {
  // The hook brings the VM up: from here on there may be one to destroy.
  state.upStarted = true;
  const env = vagrantEnv();
  const [cmd, args] = ['nsenter', [`--mount=${state.nsFile}`, `--wd=${ROOT}`, '--', 'ip', 'netns', 'exec', NAME, process.execPath, '--import', 'tsx', HOOK]];
  await must(cmd, args, { deadline, env });
}

// ── teardown ───────────────────────────────────────────────────────────────────────────────────────

/** A process that exists and is not a zombie (a daemon's zombie waits for whoever adopted it). */
const alive = (pid) => {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function stopPids(pids, graceMs = KILL_GRACE_MS) {
  const signal = (pid, sig) => {
    try {
      process.kill(pid, sig);
    } catch {
      // exited meanwhile
    }
  };
  for (const pid of pids) if (alive(pid)) signal(pid, 'SIGTERM');
  const until = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < until) await sleep(100);
  for (const pid of pids) if (alive(pid)) signal(pid, 'SIGKILL');
  while (pids.some(alive) && Date.now() < until + graceMs) await sleep(100);
}

const readPid = (file) => {
  try {
    return Number.parseInt(readFileSync(file, 'utf8'), 10) || 0;
  } catch {
    return 0;
  }
};

/** First column of a `virsh` table, below its two header lines. */
const firstColumn = (out) => out.split('\n').slice(2).map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);
/** The lines of `virsh … --name` output. */
const names = (out) => out.split('\n').map((l) => l.trim()).filter(Boolean);

function mountsUnder(dir) {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4]).filter(Boolean);
  return mounts.filter((m) => m === dir || m.startsWith(`${dir}/`)).sort().reverse();
}

/** Processes whose command line names the run's directory or namespace (qemu, dnsmasq, ssh, daemons). */
function processesOfRun() {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if ((state.tmp && cmdline.includes(state.tmp)) || cmdline.includes(NAME)) found.push(`${entry} ${cmdline.trim().slice(0, 120)}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

async function teardown(deadline) {
  const problems = [];
  const libvirtUp = state.nsFile && state.daemons.some((d) => alive(readPid(d.pidFile)));
  if (state.upStarted && !state.destroyed && libvirtUp) {
    const r = await run(...inLab('vagrant', ['destroy', '-f']), { deadline: Math.min(deadline, Date.now() + 60_000), env: vagrantEnv() });
    if (!r.ok) problems.push('vagrant destroy failed; removing the domain with virsh');
  }
  if (state.boxAdded && !state.boxRemoved && state.nsFile) {
    const r = await run(...inLab('vagrant', ['box', 'remove', '--force', NAME]), { deadline: Math.min(deadline, Date.now() + 30_000), env: vagrantEnv() });
    if (!r.ok) problems.push(`vagrant box remove ${NAME} failed (its directory goes with the run's directory)`);
  }
  if (libvirtUp) {
    // Everything this libvirtd knows is the run's own: its configuration directory is private.
    for (const dom of names((await virsh(['list', '--all', '--name'], deadline)).out)) {
      await virsh(['destroy', dom], deadline);
      await virsh(['undefine', dom, '--remove-all-storage'], deadline);
    }
    for (const net of names((await virsh(['net-list', '--all', '--name'], deadline)).out)) {
      await virsh(['net-destroy', net], deadline);
      await virsh(['net-undefine', net], deadline);
    }
    for (const pool of names((await virsh(['pool-list', '--all', '--name'], deadline)).out)) {
      await virsh(['pool-refresh', pool], deadline);
      for (const vol of firstColumn((await virsh(['vol-list', '--pool', pool], deadline)).out)) {
        const r = await virsh(['vol-delete', '--pool', pool, vol], deadline);
        if (r.ok) console.log(`  deleted volume ${pool}/${vol}`);
        else problems.push(`could not delete volume ${pool}/${vol}: ${r.out.trim()}`);
      }
      await virsh(['pool-destroy', pool], deadline);
      await virsh(['pool-undefine', pool], deadline);
    }
  }
  // libvirtd first (it owns the VMs' log pipes), then virtlogd.
  for (const daemon of [...state.daemons].reverse()) {
    const pid = readPid(daemon.pidFile);
    if (pid && alive(pid)) {
      await stopPids([pid]);
      console.log(`  stopped ${daemon.name} (pid ${pid})`);
    }
  }
  if (state.netns) {
    // Whatever still runs in the namespace (a qemu or dnsmasq libvirtd left behind) is the run's own.
    const r = await run('ip', ['netns', 'pids', NAME], { capture: true, deadline });
    const pids = r.out.split(/\s+/).filter(Boolean).map(Number);
    if (pids.length) {
      problems.push(`stopping leftover processes in ${NAME}: ${pids.join(' ')}`);
      await stopPids(pids);
    }
    const del = await run('ip', ['netns', 'delete', NAME], { capture: true, deadline });
    if (del.ok) state.netns = false;
    else problems.push(`ip netns delete ${NAME}: ${del.out.trim()}`);
  }
  if (state.tmp) {
    for (const mount of mountsUnder(state.tmp)) {
      const r = await run('umount', [mount], { capture: true, deadline });
      if (!r.ok) await run('umount', ['-l', mount], { capture: true, deadline });
    }
  }
  if (state.createdRunLibvirt) {
    try {
      rmdirSync('/run/libvirt'); // only while empty: the mount point made for the run
    } catch (e) {
      problems.push(`could not remove /run/libvirt: ${e.message}`);
    }
  }
  if (state.tmp && existsSync(state.tmp)) {
    if (mountsUnder(state.tmp).length) problems.push(`still mounted below ${state.tmp}: ${mountsUnder(state.tmp).join(' ')}`);
    else await run('rm', ['-rf', '--one-file-system', state.tmp], { capture: true, deadline });
  }

  // Nothing may be left: no process of the run, namespace, mount or directory.
  const leftovers = [];
  const procs = processesOfRun();
  if (procs.length) leftovers.push(`processes:\n    ${procs.join('\n    ')}`);
  const netns = await run('ip', ['netns', 'list'], { capture: true, deadline });
  if (netns.out.split('\n').some((l) => l.split(' ')[0] === NAME)) leftovers.push(`network namespace ${NAME}`);
  if (state.tmp && existsSync(state.tmp)) leftovers.push(`directory ${state.tmp}`);
  if (state.tmp && mountsUnder(state.tmp).length) leftovers.push(`mounts below ${state.tmp}`);
  if (state.createdRunLibvirt && existsSync('/run/libvirt')) leftovers.push('/run/libvirt');
  for (const p of problems) console.log(`  note: ${p}`);
  if (leftovers.length) throw new Error(`left behind: ${leftovers.join('; ')}`);
  console.log('  nothing left behind: no VM, volume, box, daemon, network namespace, mount or directory of the run');
}

// ── main ───────────────────────────────────────────────────────────────────────────────────────────

let tornDown = false;
function onSignal(signal) {
  if (interrupted) {
    console.log(`${signal} again: still cleaning up, please wait`);
    return;
  }
  interrupted = signal;
  if (tearingDown) {
    console.log(`\n${signal}: cleaning up, please wait`);
    return;
  }
  console.log(`\n${signal}: stopping the current step and cleaning up`);
  for (const child of children) child.killGroup?.('SIGTERM');
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('SIGHUP', onSignal);

const t0 = Date.now();
try {
  await step('preflight: tools, root, leftovers of killed runs, temporary directory', LIMIT_S.preflight, preflight);
  await step(FRESH_BOX ? 'build the box (fresh)' : 'build the box (or reuse the cached one)', LIMIT_S.box, buildBox);
  await step('start virtlogd and libvirtd in a private network and mount namespace', LIMIT_S.libvirt, startLibvirt);
  await step('vagrant box add', LIMIT_S.boxAdd, async (deadline) => {
    state.boxAdded = true;
    await vagrant(['box', 'add', '--name', NAME, boxFile], deadline);
  });
  const hookSays = DOCKER ? 'the VM comes up with NSLAB_WITH_DOCKER=1 and runs the Docker exercises' : 'the lab brings the VM up and works in it';
  await step(`${hookSays}: ip netns exec ${NAME} node --import tsx ${HOOK}`, LIMIT_S.hook, runHookWithLogs);
  await step(`vagrant provision (again: provisioning is idempotent${DOCKER ? ', and finds the images it built' : ''})`, LIMIT_S.provision, async (deadline) => {
    const out = await vagrant(['provision'], deadline);
    if (DOCKER && !(/nslab: the nginx image is there already/.test(out) && /nslab: the busybox image is there already/.test(out))) {
      throw new Error('the second provision did not find the images the first one built');
    }
  });
  await step('vagrant destroy -f', LIMIT_S.destroy, async (deadline) => {
    await vagrant(['destroy', '-f'], deadline);
    state.destroyed = true;
  });
  await step('vagrant box remove', LIMIT_S.boxRemove, async (deadline) => {
    await vagrant(['box', 'remove', '--force', NAME], deadline);
    state.boxRemoved = true;
  });
} finally {
  tearingDown = true;
  await step('tear down and check nothing is left', LIMIT_S.teardown, teardown, { always: true });
  tornDown = true;
}

const count = (s) => results.filter((r) => r.status === s).length;
console.log('\nsteps:');
for (const r of results) console.log(`  ${r.status.padEnd(7)} ${(r.ms / 1000).toFixed(1).padStart(6)}s  ${r.name}`);
console.log(`total ${elapsed(t0)}`);
console.log(`\n${count('passed')} passed, ${count('failed')} failed${count('skipped') ? `, ${count('skipped')} skipped` : ''}`);
process.exit(interrupted ? (interrupted === 'SIGINT' ? 130 : 143) : count('failed') || !tornDown ? 1 : 0);

// Run by `NSLAB_VM_DOCKER=1 npm run test:vagrant` with the VM not yet created: boots it, provisions it with NSLAB_WITH_DOCKER=1 (no image registry is reachable), and runs the Docker exercises of the nsenter lesson and the seed in it as a learner types them.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `vagrant up` of a new VM under emulation, without provisioning (in milliseconds). */
const BOOT_TIMEOUT_MS = 6 * 60_000;
/** The first provision: Docker's start and both image builds (in milliseconds). */
const PROVISION_TIMEOUT_MS = 5 * 60_000;
/** One command typed in the VM, over a fresh SSH connection (in milliseconds). */
const COMMAND_TIMEOUT_MS = 2 * 60_000;
/** How long a command may take to exit after SIGTERM before it gets SIGKILL (in milliseconds). */
const KILL_GRACE_MS = 5_000;

if (!process.env.VAGRANT_CWD) throw new Error('VAGRANT_CWD is not set: run this through `NSLAB_VM_DOCKER=1 npm run test:vagrant`');
if (process.env.NSLAB_WITH_DOCKER !== '1') throw new Error('NSLAB_WITH_DOCKER is not 1: run this through `NSLAB_VM_DOCKER=1 npm run test:vagrant`');

type Ran = { code: number | null; out: string; err: string };

/** Process groups of the commands still running: a SIGTERM from `npm run test:vagrant` (its time limit) ends them too. */
const running = new Set<number>();
const killGroup = (pid: number, signal: NodeJS.Signals) => {
  if (pid <= 0) return; // -0 would be this process's own group
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
};
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(signal, () => {
    for (const pid of running) killGroup(pid, 'SIGTERM');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/** Runs a program in its own process group, killed with the group when `timeoutMs` passes; `echo` streams its output. */
function run(cmd: string, args: string[], timeoutMs: number, echo = false): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid ?? 0; // 0 when the program could not start: 'error' follows
    if (pid) running.add(pid);
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (echo) process.stdout.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (echo) process.stdout.write(d);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(pid, 'SIGTERM');
      setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS).unref();
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      running.delete(pid);
      if (timedOut) reject(new Error(`${cmd} ${args.join(' ')} timed out after ${timeoutMs / 1000} s\n${out}${err}`));
      else resolve({ code, out, err });
    });
  });
}

const seconds = (t0: number) => ((Date.now() - t0) / 1000).toFixed(1);
const timings: string[] = [];

async function vagrant(args: string[], timeoutMs: number): Promise<string> {
  const t0 = Date.now();
  const r = await run('vagrant', args, timeoutMs, true);
  if (r.code !== 0) throw new Error(`vagrant ${args.join(' ')} failed (exit ${r.code})`);
  timings.push(`vagrant ${args.join(' ')}: ${seconds(t0)} s`);
  return r.out + r.err;
}

let sshConfig = '';
/** A command line typed in the VM as its login user (vagrant), as `vagrant ssh` would; its output is printed like a terminal's. */
async function inVm(command: string): Promise<string> {
  const t0 = Date.now();
  const r = await run('ssh', ['-F', sshConfig, '-o', 'BatchMode=yes', 'default', '--', command], COMMAND_TIMEOUT_MS);
  console.log(`vagrant@nslab:~$ ${command}    (${seconds(t0)} s)\n${(r.out + r.err).trimEnd()}`);
  if (r.code !== 0) throw new Error(`\`${command}\` failed in the VM (exit ${r.code}):\n${r.out}${r.err}`);
  return r.out.trim();
}

function expectMatch(what: string, text: string, pattern: RegExp): RegExpExecArray {
  const m = pattern.exec(text);
  if (!m) throw new Error(`${what}: expected ${pattern}, got:\n${text}`);
  return m;
}

const WELCOME = /<title>Welcome to nginx!<\/title>/;
let failed = false;
const started = Date.now();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'nslab-docker-in-vm-'));
let booted = false;
try {
  await vagrant(['up', '--provider', 'libvirt', '--no-provision'], BOOT_TIMEOUT_MS);
  booted = true;
  const provisioned = await vagrant(['provision'], PROVISION_TIMEOUT_MS);
  expectMatch('the first provision', provisioned, /nslab: built the nginx image from nginx \S+ in \d+ s/);
  expectMatch('the first provision', provisioned, /nslab: built the busybox image/);
  expectMatch('the first provision', provisioned, /nslab: the VM is ready/);

  sshConfig = path.join(tmp, 'ssh-config');
  writeFileSync(sshConfig, (await run('vagrant', ['ssh-config'], 60_000)).out);

  const t0 = Date.now();
  // The images are the ones provisioning built, not Docker Hub's (which this VM cannot reach).
  expectMatch('the nginx image', await inVm(`docker image inspect -f '{{.Comment}}' nginx`), /^nslab: nginx from the distribution's packages$/);

  // The seed's exercise, as typed there (the login user is in the docker group).
  const id = expectMatch('docker run', await inVm('docker run -d --name nginx -p 8080:80 nginx'), /^[0-9a-f]{64}$/m)[0];
  expectMatch('docker ps', await inVm('docker ps'), /^[0-9a-f]{12}\s+nginx\s+"nginx -g .*\sUp .*0\.0\.0\.0:8080->80\/tcp.*\snginx$/m);
  const pid = expectMatch('docker inspect', await inVm(`docker inspect -f '{{.State.Pid}}' nginx`), /^[1-9]\d*$/)[0];
  const ps = await inVm('ps auxw | grep nginx');
  expectMatch('ps', ps, new RegExp(`^root\\s+${pid}\\s.*nginx: master process nginx -g daemon off;$`, 'm'));
  expectMatch('ps', ps, /^www-data\s+\d+\s.*nginx: worker process$/m);
  const lsns = await inVm(`sudo lsns -p ${pid}`);
  for (const type of ['mnt', 'uts', 'ipc', 'pid', 'net']) expectMatch(`lsns: its own ${type} namespace`, lsns, new RegExp(`^\\s*\\d+ ${type}\\s+\\d+\\s+${pid}\\s`, 'm'));

  // The nsenter lesson's Docker part: its hostname, its network, its page from inside its network namespace.
  const hostname = await inVm(`sudo nsenter --target ${pid} --uts hostname`);
  if (hostname !== id.slice(0, 12)) throw new Error(`the container's hostname is ${hostname}, not ${id.slice(0, 12)}`);
  const ip = expectMatch('its address', await inVm(`docker inspect -f '{{.NetworkSettings.IPAddress}}' nginx`), /^\d+\.\d+\.\d+\.\d+$/)[0];
  expectMatch('ip addr in its network namespace', await inVm(`sudo nsenter --target ${pid} --net ip addr`), new RegExp(`inet ${ip.replace(/\./g, '\\.')}/\\d+ .*eth0$`, 'm'));
  expectMatch('ip route in its network namespace', await inVm(`sudo nsenter -t ${pid} --net ip route`), /^default via \S+ dev eth0/m);
  expectMatch('its page, from inside', await inVm(`sudo nsenter --target ${pid} --net busybox wget -qO- http://127.0.0.1/`), WELCOME);
  expectMatch('its page, through the published port', await inVm('busybox wget -qO- http://127.0.0.1:8080/'), WELCOME);
  expectMatch('its log', await inVm('docker logs nginx'), /"GET \/ HTTP\/1\.1" 200 /);

  // The seed's pid namespace exercise: a busybox root filesystem exported from an image.
  await inVm('mkdir busybox && docker export $(docker create busybox) | tar -C busybox -xf -');
  expectMatch('ls busybox/', (await inVm('ls busybox/')).replace(/\s+/g, ' '), /^bin dev etc home proc root sys tmp usr var$/);
  const inside = await inVm(`sudo unshare --pid --fork chroot busybox sh -c 'mount -t proc proc proc; ps aux'`);
  // Debian's busybox-static prints no TIME column, and its sh runs the last command of -c in its own place.
  expectMatch('ps in a new pid namespace', inside, /^PID\s+USER\s.*COMMAND\n\s*1 root\s/);
  const processes = inside.split('\n').length - 1;
  if (processes > 2) throw new Error(`a new pid namespace should show only its shell and ps, not ${processes} processes`);
  timings.push(`the exercises' commands: ${seconds(t0)} s`);
} catch (e) {
  failed = true;
  console.error(`docker-in-vm: FAILED: ${e instanceof Error && e.stack ? e.stack : String(e)}`);
} finally {
  // The VM is destroyed by the caller; the exercise's own leftovers go first all the same.
  if (booted && sshConfig) {
    try {
      await inVm('docker rm -f $(docker ps -aq); sudo umount busybox/proc 2>/dev/null; sudo rm -rf busybox; true');
    } catch (e) {
      console.error(`docker-in-vm: cleaning up in the VM failed: ${(e as Error).message}`);
    }
  }
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`docker-in-vm: ${failed ? 'failed' : 'passed'} after ${seconds(started)} s\n  ${timings.join('\n  ')}`);
process.exit(failed ? 1 : 0);

// The first step: root, the tools (with the packages that provide them), the hook, libvirt's configuration and /dev/net/tun; then what killed runs left behind goes, and the run's temporary directory is made.
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { run } from './commands';
import { alive, mountsUnder, readPid, stopPids } from './processes';
import { HOOK, NAME, ROOT, state } from './run-state';

/** Debian packages: vagrant vagrant-libvirt libvirt-daemon-system qemu-system-x86 qemu-utils debootstrap dnsmasq-base openssh-client. */
const TOOLS = ['vagrant', 'virsh', 'libvirtd', 'virtlogd', 'qemu-system-x86_64', 'qemu-img', 'debootstrap', 'mkfs.ext4', 'ip', 'nsenter', 'unshare', 'findmnt', 'umount', 'ssh', 'tar', 'dnsmasq'];

export async function preflight(deadline: number): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('run as root: libvirtd, network namespaces and debootstrap need it');
  const path = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin']);
  const missing = TOOLS.filter((t) => !path.some((d) => existsSync(join(d, t))));
  if (missing.length)
    throw new Error(`missing: ${missing.join(', ')} (apt-get install -y vagrant vagrant-libvirt libvirt-daemon-system qemu-system-x86 qemu-utils debootstrap dnsmasq-base openssh-client)`);
  if (!existsSync(resolve(ROOT, HOOK))) throw new Error(`${HOOK} is missing`);
  if (!existsSync('/etc/libvirt/libvirtd.conf')) throw new Error('/etc/libvirt/libvirtd.conf is missing: apt-get install -y libvirt-daemon-system');
  if (!existsSync('/dev/net/tun')) throw new Error("/dev/net/tun is missing: libvirt needs it for the VM's network interface");
  await cleanStaleRuns(deadline);
  state.tmp = mkdtempSync(join(tmpdir(), `${NAME}-`));
  writeFileSync(join(state.tmp, 'driver.pid'), `${process.pid}\n`);
  chmodSync(state.tmp, 0o711); // qemu and dnsmasq drop privileges but must reach files below
}

/**
 * Runs of this script that were killed before their teardown (SIGKILL, a lost machine) leave a network
 * namespace, its processes, mounts and a directory: they go now. A run whose driver still lives is left alone.
 */
async function cleanStaleRuns(deadline: number): Promise<void> {
  const pattern = /^nslab-vt-[0-9a-f]{6}$/;
  const namespaces = (await run('ip', ['netns', 'list'], { capture: true, deadline })).out
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => pattern.test(n));
  const dirs = readdirSync(tmpdir())
    .filter((d) => /^nslab-vt-[0-9a-f]{6}-/.test(d))
    .map((d) => join(tmpdir(), d));
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

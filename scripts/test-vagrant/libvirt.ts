// libvirtd and virtlogd for the run alone: in a network namespace made for it and a private mount namespace where libvirt's directories are the run's own.
import { appendFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inLab, must, tail, virsh } from './commands';
import { sleep } from './processes';
import { control, NAME, state } from './run-state';

/** libvirt's state directories, each replaced (in the private mount namespace) by a directory of the run. */
const LIBVIRT_DIRS = { etc: '/etc/libvirt', lib: '/var/lib/libvirt', run: '/run/libvirt', log: '/var/log/libvirt', cache: '/var/cache/libvirt' };

/**
 * libvirtd and virtlogd are started by hand (no init system needed) inside a network namespace made for
 * the run, so the VM's bridge, DHCP server and traffic stay inside it, and inside a private mount
 * namespace in which libvirt's directories are bind mounts of the run's directory: nothing libvirt
 * writes (definitions, images, leases, logs) outlives the run, and a libvirtd of the host is not touched.
 */
export async function startLibvirt(deadline: number): Promise<void> {
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
  const binds = Object.entries(LIBVIRT_DIRS)
    .map(([sub, target]) => `mount --bind '${join(lv, sub)}' '${target}'`)
    .join(' && ');
  await must('unshare', [`--mount=${state.nsFile}`, '--propagation', 'private', '--', 'sh', '-c', binds], { deadline });

  for (const daemon of ['virtlogd', 'libvirtd']) {
    const pidFile = join(state.tmp, `${daemon}.pid`);
    state.daemons.push({ name: daemon, pidFile });
    await must(...inLab(daemon, ['--daemon', '--pid-file', pidFile]), { deadline });
  }
  for (;;) {
    const r = await virsh(['version'], deadline);
    if (r.ok) break;
    if (Date.now() > deadline - 1000 || control.interrupted) throw new Error(`libvirtd does not answer:\n${r.out.trim()}\n${tail(join(lv, 'log/libvirtd.log'))}`);
    await sleep(300);
  }
  console.log(`  libvirtd and virtlogd run in network namespace ${NAME}`);
}

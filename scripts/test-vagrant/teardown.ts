// The last step, run even after a failure or an interrupt: undoes what the run made (VM, box, volumes, daemons, network namespace, mounts, directory) and fails if anything of it is left.
import { existsSync, rmdirSync } from 'node:fs';
import { inLab, run, vagrantEnv, virsh } from './commands';
import { alive, mountsUnder, processesOfRun, readPid, stopPids } from './processes';
import { NAME, state } from './run-state';

/** First column of a `virsh` table, below its two header lines. */
const firstColumn = (out: string) =>
  out
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/)[0])
    .filter((c): c is string => Boolean(c));
/** The lines of `virsh … --name` output. */
const names = (out: string) =>
  out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export async function teardown(deadline: number): Promise<void> {
  const problems: string[] = [];
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
      problems.push(`could not remove /run/libvirt: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (state.tmp && existsSync(state.tmp)) {
    if (mountsUnder(state.tmp).length) problems.push(`still mounted below ${state.tmp}: ${mountsUnder(state.tmp).join(' ')}`);
    else await run('rm', ['-rf', '--one-file-system', state.tmp], { capture: true, deadline });
  }

  // Nothing may be left: no process of the run, namespace, mount or directory.
  const leftovers: string[] = [];
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

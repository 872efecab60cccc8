// bpftrace on the SSH machine: looked over and started through the launcher (as root, over the shared connection), stopped by closing its input.
import type { ChildProcess } from 'node:child_process';
import { err, ok } from '../../../core/result';
import type { BpftraceHost } from '../../tracer/bpftrace-host';
import type { LauncherLink } from './launcher-link';
import { SSH_FAILED } from './ssh-command';

/** How long looking the machine over for the tracer may take (in milliseconds). */
const CHECK_TIMEOUT_MS = 15_000;
/**
 * How long bpftrace may take on the machine to compile and attach (in milliseconds). A VM under software
 * emulation (no KVM) on a busy host was seen to take over a minute: LLVM and the kernel's BTF run emulated.
 */
const ATTACH_TIMEOUT_MS = 5 * 60_000;
/** How long listing the machine's sandbox processes may take (in milliseconds): a slow VM with a long process table. */
const PARENTS_TIMEOUT_MS = 30_000;

/** bpftrace over SSH, and whether its connection went away under it (ssh's own failure, not bpftrace's or ours). */
export type SshBpftraceHost = BpftraceHost & { readonly connectionLost: boolean };

/** `lost` is told once when the connection goes away under a running bpftrace (or its check). */
export function sshBpftraceHost(link: LauncherLink, lost: () => void = () => undefined): SshBpftraceHost {
  let connectionLost = false;
  /** bpftraces asked to stop: their ssh's end is ours, not the connection's. */
  const stopping = new WeakSet<ChildProcess>();
  const loseConnection = () => {
    if (connectionLost) return;
    connectionLost = true;
    lost();
  };
  return {
    get connectionLost() {
      return connectionLost;
    },
    attachTimeoutMs: ATTACH_TIMEOUT_MS,
    async facts() {
      const checked = await link.run('trace-check', [], { timeoutMs: CHECK_TIMEOUT_MS });
      if (checked.exitCode === SSH_FAILED) loseConnection();
      if (checked.exitCode !== 0) return err(`system calls cannot be traced: ${link.failure(checked, 'looking for bpftrace')}`);
      const fact = (name: string) => new RegExp(`(?:^| )${name}=(\\S*)`).exec(checked.stdout)?.[1];
      if (!fact('bpftrace')) return err(`bpftrace is not installed on ${link.where} (apt-get install bpftrace)`);
      const level = Number(fact('level'));
      return ok({ btf: fact('btf') === '1', pidLevel: Number.isInteger(level) && level >= 0 ? level : 0, where: link.where });
    },
    spawn(program) {
      const child = link.spawnPiped('trace', [program]);
      // ssh exits 255 when the connection ends (the master killed, the machine rebooted); bpftrace's own failures exit otherwise.
      child.once('exit', (code) => code === SSH_FAILED && !stopping.has(child) && loseConnection());
      return child;
    },
    stop(child) {
      stopping.add(child);
      // The launcher stops bpftrace when its input ends; ssh then exits with it.
      child.stdin?.end();
    },
    async parents(firstUid, limitUid) {
      const listed = await link.run('trace-parents', [String(firstUid), String(limitUid)], { timeoutMs: PARENTS_TIMEOUT_MS });
      if (listed.exitCode !== 0) return err(link.failure(listed, "listing the sandboxes' processes"));
      const pairs: [number, number][] = [];
      for (const m of listed.stdout.matchAll(/^(\d+) (\d+)$/gm)) pairs.push([Number(m[1]), Number(m[2])]);
      return ok(pairs);
    },
  };
}

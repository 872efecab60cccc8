// bpftrace on the SSH machine: looked over and started through the launcher (as root, over the shared connection), stopped by closing its input.
import { err, ok } from '../../../core/result';
import type { BpftraceHost } from '../../tracer/bpftrace-host';
import type { LauncherLink } from './launcher-link';

/** How long looking the machine over for the tracer may take (in milliseconds). */
const CHECK_TIMEOUT_MS = 15_000;

export function sshBpftraceHost(link: LauncherLink): BpftraceHost {
  return {
    async facts() {
      const checked = await link.run('trace-check', [], { timeoutMs: CHECK_TIMEOUT_MS });
      if (checked.exitCode !== 0) return err(`system calls cannot be traced: ${link.failure(checked, 'looking for bpftrace')}`);
      const fact = (name: string) => new RegExp(`(?:^| )${name}=(\\S*)`).exec(checked.stdout)?.[1];
      if (!fact('bpftrace')) return err(`bpftrace is not installed on ${link.where} (apt-get install bpftrace)`);
      const level = Number(fact('level'));
      return ok({ btf: fact('btf') === '1', pidLevel: Number.isInteger(level) && level >= 0 ? level : 0, where: link.where });
    },
    spawn: (program) => link.spawnPiped('trace', [program]),
    stop(child) {
      // The launcher stops bpftrace when its input ends; ssh then exits with it.
      child.stdin?.end();
    },
  };
}

// Makes the lab machine the configuration asks for (sandbox, host, ssh://…, vagrant), or says why it cannot.
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { err, ok, type Result } from '../../core/result';
import type { Config } from '../config/config';
import type { Logger } from '../log';
import { ensurePackages } from '../preflight/install-packages';
import { createHostMachine } from './host-machine';
import type { LabMachine } from './machine';
import { createSandboxMachine } from './sandbox-machine';
import { DEFAULT_SANDBOX_OPTIONS } from './sandbox-options';
import { checkSandboxPrerequisites } from './sandbox/preflight';
import { createSshMachine } from './ssh/ssh-machine';
import { parseSshUrl } from './ssh/ssh-target';
import { createVagrantMachine } from './vagrant/vagrant-machine';

/**
 * Names this server's sessions on a shared remote machine: the same for every start of one lab
 * (host name and data directory), so a restart cleans up what a crashed run left there.
 */
export function remoteInstanceName(dataDir: string): string {
  return `n${createHash('sha256').update(`${os.hostname()}\0${dataDir}`).digest('hex').slice(0, 12)}`;
}

export async function chooseMachine(config: Config, root: string, log: Logger): Promise<Result<LabMachine, string>> {
  const instance = remoteInstanceName(config.dataDir);
  const limits = { pidsMax: config.pidsMax, memoryBytes: config.memoryBytes, tmpfsBytes: config.tmpfsBytes, maxSessions: config.maxSessions };
  if (config.machine === 'host') {
    log.warn('NSLAB_MACHINE=host: shells run directly on this machine with NO isolation. Use this only inside a throwaway VM.');
    return ok(createHostMachine());
  }
  if (config.machine.startsWith('ssh://')) {
    const target = parseSshUrl(config.machine);
    if (!target.ok) return target;
    return ok(
      createSshMachine({
        target: { ...target.value, identityFile: config.sshKey, knownHostsFile: path.join(config.dataDir, 'ssh_known_hosts') },
        instance,
        limits,
        log,
        syscallTracer: config.syscallTracer,
      }),
    );
  }
  if (config.machine === 'vagrant') {
    return ok(
      createVagrantMachine({
        dir: config.vagrantDir ?? path.join(root, 'vagrant'),
        dataDir: config.dataDir,
        instance,
        limits,
        upTimeoutMs: config.vagrantTimeoutMinutes * 60_000,
        onStatusLog: (line) => log.info(line),
        log,
        syscallTracer: config.syscallTracer,
      }),
    );
  }
  if (process.platform !== 'linux') {
    return err('The sandbox needs Linux. On macOS or Windows, run the lab machine in the Vagrant VM: NSLAB_MACHINE=vagrant (see vagrant/README.md).');
  }
  const installed = ensurePackages((m) => log.info(m));
  if (!installed.ok) return installed;
  const problems = await checkSandboxPrerequisites(log);
  if (problems.length > 0) {
    return err(
      [
        'The sandbox cannot start on this machine:',
        ...problems.map((p) => `  - ${p.what}\n    fix: ${p.fix}`),
        'Or run the lab machine in the Vagrant VM: NSLAB_MACHINE=vagrant (see vagrant/README.md).',
      ].join('\n'),
    );
  }
  const machine = await createSandboxMachine(
    {
      ...DEFAULT_SANDBOX_OPTIONS,
      dataDir: path.join(config.dataDir, 'sandbox'),
      pidsMax: config.pidsMax,
      memoryBytes: config.memoryBytes,
      cpus: config.cpus,
      tmpfsBytes: config.tmpfsBytes,
      maxSandboxes: config.maxSessions,
      warmSandboxes: config.warmSandboxes,
      syscallTracer: config.syscallTracer,
    },
    log,
  );
  return machine.ok ? machine : err(machine.error.message);
}

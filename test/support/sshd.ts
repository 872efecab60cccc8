// A real OpenSSH server for tests, alone in a network namespace the test makes (reached over a veth pair), removed again by stop().
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { SshTarget } from '../../server/machine/ssh/ssh-target';
import { waitUntil } from './wait';

export type TestSshd = {
  /** The server's address (inside its namespace) and port. */
  host: string;
  port: number;
  /** A private key root may log in with. */
  identityFile: string;
  /** The server's public host key line ("ssh-ed25519 AAAA…"). */
  hostKey: string;
  /** A scratch directory of the test's own (removed by stop()). */
  dir: string;
  /** How the ssh machine logs in to it: as root, with the key, remembering its host key in `dir`. */
  target: SshTarget;
  stop(): Promise<void>;
};

const SSHD = '/usr/sbin/sshd';

/** Sandbox limits for ssh machines in tests. */
export const TEST_LIMITS = { pidsMax: 128, memoryBytes: 256 * 1024 * 1024, tmpfsBytes: 16 * 1024 * 1024, maxSessions: 8 };

function must(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
}

/** False (with the reason) where the test cannot run: no sshd or ip, or not root. */
export function sshdProblem(): string | null {
  if (process.getuid?.() !== 0) return 'the SSH tests need root (network namespaces)';
  if (spawnSync(SSHD, ['-V']).error) return `no OpenSSH server at ${SSHD}: apt-get install -y openssh-server`;
  if (spawnSync('ip', ['-V']).error) return 'no ip command: apt-get install -y iproute2';
  return null;
}

/**
 * sshdProblem() for a test file, said on stderr when there is one: vitest's default report shows a
 * skipped file only as "skipped", and these tests are skipped on any machine without an OpenSSH server.
 */
export function sshdProblemSaid(tests: string): string | null {
  const problem = sshdProblem();
  if (problem !== null) console.warn(`skipping ${tests}: ${problem}`);
  return problem;
}

export type SshdOptions = {
  /**
   * Programs the machine behind this sshd lacks: each is covered, in a mount namespace of sshd's own, by
   * an empty file that cannot be run (as on a host where the package is not installed).
   */
  without?: readonly string[];
};

export async function startSshd(options: SshdOptions = {}): Promise<TestSshd> {
  const tag = `${process.pid % 10000}${randomInt(1000)}`;
  const netns = `nslab-sshd-${tag}`;
  const subnet = `10.${200 + randomInt(50)}.${randomInt(256)}`;
  const [outer, inner] = [`nsv${tag}a`, `nsv${tag}b`];
  const host = `${subnet}.2`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nslab-sshd-'));
  let sshd: ChildProcess | undefined;
  const stop = async () => {
    if (sshd && sshd.exitCode === null) {
      const gone = new Promise((r) => sshd!.once('exit', r));
      sshd.kill('SIGTERM');
      await gone;
    }
    // Deleting the namespace deletes the veth pair with it.
    spawnSync('ip', ['netns', 'delete', netns]);
    spawnSync('ip', ['link', 'delete', outer]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    must('ip', ['netns', 'add', netns]);
    must('ip', ['link', 'add', outer, 'type', 'veth', 'peer', 'name', inner]);
    must('ip', ['link', 'set', inner, 'netns', netns]);
    must('ip', ['addr', 'add', `${subnet}.1/30`, 'dev', outer]);
    must('ip', ['link', 'set', outer, 'up']);
    const inNs = (args: string[]) => must('ip', ['netns', 'exec', netns, ...args]);
    inNs(['ip', 'addr', 'add', `${host}/30`, 'dev', inner]);
    inNs(['ip', 'link', 'set', inner, 'up']);
    inNs(['ip', 'link', 'set', 'lo', 'up']);

    must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
    must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'client_key')]);
    writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client_key.pub')));
    writeFileSync(
      path.join(dir, 'sshd_config'),
      [
        `ListenAddress ${host}:22`,
        `HostKey ${dir}/host_key`,
        `AuthorizedKeysFile ${dir}/authorized_keys`,
        `PidFile ${dir}/sshd.pid`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        'MaxSessions 100',
        'MaxStartups 100',
        'LogLevel ERROR',
        '',
      ].join('\n'),
    );
    // The privilege-separation directory sshd insists on.
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    // nsenter, not `ip netns exec`: that one also mounts a fresh /sys, hiding the host's cgroup trees from the sessions.
    const sshdArgs = [`--net=/run/netns/${netns}`, SSHD, '-D', '-e', '-f', path.join(dir, 'sshd_config')];
    const without = options.without ?? [];
    if (without.length > 0) writeFileSync(path.join(dir, 'absent'), '', { mode: 0o644 });
    const cover = without.map((p) => `mount --bind ${path.join(dir, 'absent')} ${p} && `).join('');
    sshd =
      without.length === 0
        ? spawn('nsenter', sshdArgs, { stdio: ['ignore', 'ignore', 'pipe'] })
        : spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', `${cover}exec nsenter "$@"`, 'sshd', ...sshdArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    sshd.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitForPort(host, 22, () => (sshd?.exitCode !== null ? `sshd exited: ${stderr}` : null));
    const identityFile = path.join(dir, 'client_key');
    const target = { destination: host, port: 22, user: 'root', identityFile, knownHostsFile: path.join(dir, 'known_hosts') };
    return { host, port: 22, identityFile, target, hostKey: readFileSync(path.join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' '), dir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function waitForPort(host: string, port: number, died: () => string | null): Promise<void> {
  const accepts = () =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
  await waitUntil(
    async () => {
      const why = died();
      if (why) throw new Error(why);
      return accepts();
    },
    `sshd to listen on ${host}:${port}`,
    10_000,
  );
}

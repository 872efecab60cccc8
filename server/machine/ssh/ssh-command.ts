// The `ssh` command lines the SSH machine runs: one shared master connection, and terminals and programs multiplexed over it.
import { readFileSync } from 'node:fs';
import type { SshTarget } from './ssh-target';

/** The launcher script that runs on the machine (see remote-session.sh); it travels with every command. */
export const REMOTE_SESSION_SCRIPT = readFileSync(new URL('./remote-session.sh', import.meta.url), 'utf8');

/** The host uid of the launcher's first sandbox slot (its `uid_base`); slot k starts 65536 k above it. */
export const REMOTE_UID_BASE = Number(/^uid_base=(\d+)$/m.exec(REMOTE_SESSION_SCRIPT)?.[1]);

/** Exit status of ssh itself failing (connection, authentication), as opposed to the remote program's. */
export const SSH_FAILED = 255;
/** Exit status of the launcher failing (see remote-session.sh). */
export const LAUNCHER_FAILED = 125;

/** Options every ssh of the machine shares: never prompt, fail fast, notice a dead link, and use the master's socket. */
export function sshOptions(target: SshTarget, controlPath: string): string[] {
  const o = (option: string) => ['-o', option];
  return [
    ...(target.configFile ? ['-F', target.configFile] : []),
    ...(target.user ? ['-l', target.user] : []),
    ...(target.port ? ['-p', String(target.port)] : []),
    ...(target.identityFile ? ['-i', target.identityFile, ...o('IdentitiesOnly=yes')] : []),
    ...(target.knownHostsFile ? [...o(`UserKnownHostsFile=${target.knownHostsFile}`), ...o('StrictHostKeyChecking=accept-new')] : []),
    ...o('BatchMode=yes'),
    ...o('ConnectTimeout=10'),
    ...o('ServerAliveInterval=15'),
    ...o('ServerAliveCountMax=3'),
    ...o('LogLevel=ERROR'),
    ...o(`ControlPath=${controlPath}`),
    // No escape character: a learner typing "~." after Enter must not cut the connection.
    '-e',
    'none',
  ];
}

/** The master: holds the one connection (and its authentication) that every other ssh reuses. */
export function masterArgs(target: SshTarget, controlPath: string): string[] {
  return [...sshOptions(target, controlPath), '-o', 'ControlMaster=yes', '-o', 'ControlPersist=no', '-N', '-T', target.destination];
}

/** A client of the master (or, should the master be gone, a connection of its own); the command line goes last. */
export function clientArgs(target: SshTarget, controlPath: string, tty: boolean): string[] {
  return [...sshOptions(target, controlPath), '-o', 'ControlMaster=no', tty ? '-tt' : '-T', target.destination];
}

/** The remote command line running the launcher with `args`: as root, through sudo when the login user is not root. */
export function launcherCommandLine(asRoot: boolean, args: readonly string[]): string {
  const words = [...(asRoot ? [] : ['sudo', '-n', '--']), 'sh', '-c', REMOTE_SESSION_SCRIPT, 'nslab-session', ...args];
  return words.map(shellQuote).join(' ');
}

/** One word for the remote user's shell, which parses ssh's command line again. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./=:,+@%-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

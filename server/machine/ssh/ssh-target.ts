// Where an SSH lab machine is and how to log in: parsed from NSLAB_MACHINE=ssh://user@host:port, or from `vagrant ssh-config`.
import { err, ok, type Result } from '../../../core/result';

export type SshTarget = {
  /** What `ssh` connects to: a host name or address, or a Host alias of `configFile`. */
  destination: string;
  user?: string;
  port?: number;
  /** A private key to log in with (`ssh -i`). */
  identityFile?: string;
  /** An ssh_config file to use instead of the user's own (`ssh -F`), e.g. the one `vagrant ssh-config` prints. */
  configFile?: string;
  /** Where host keys are remembered; a changed key is refused. Unset with `configFile`: that file decides. */
  knownHostsFile?: string;
};

const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*)$/;
const USER = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `ssh://[user@]host[:port]`; the user defaults to ssh's own choice (the ssh_config or the local user name). */
export function parseSshUrl(url: string): Result<Pick<SshTarget, 'destination' | 'user' | 'port'>, string> {
  const match = /^ssh:\/\/(?:([^@/]+)@)?([^/@]+?)(?::(\d+))?\/?$/.exec(url);
  const usage = 'NSLAB_MACHINE=ssh://[user@]host[:port], e.g. ssh://root@10.0.0.5:22';
  if (!match) return err(`${JSON.stringify(url)} is not an SSH address: use ${usage}`);
  const [, user, host = '', portText] = match;
  if (user !== undefined && !USER.test(user)) return err(`${JSON.stringify(user)} is not a valid user name in ${url}`);
  if (!HOST.test(host)) return err(`${JSON.stringify(host)} is not a valid host in ${url}`);
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65535)) return err(`port ${portText} is out of range in ${url}`);
  return ok({ destination: host.replace(/^\[|\]$/g, ''), user, port });
}

/** How the target is shown to people: user@host:port. */
export function describeTarget(target: SshTarget): string {
  const host = target.destination.includes(':') ? `[${target.destination}]` : target.destination;
  return `${target.user ? `${target.user}@` : ''}${host}${target.port ? `:${target.port}` : ''}`;
}

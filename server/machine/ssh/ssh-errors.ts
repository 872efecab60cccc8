// Turns what ssh printed when it failed into one sentence that says what happened and what to do.

const RULES: ReadonlyArray<{ pattern: RegExp; explain: (where: string, stderr: string) => string }> = [
  {
    pattern: /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/i,
    explain: (where, stderr) => {
      const file = /Offending \S+ key in (\S+?):(\d+)/.exec(stderr);
      const remedy = file ? `remove line ${file[2]} of ${file[1]}` : 'remove its old key from the known hosts file';
      return `the host key of ${where} changed since the lab first connected. If the machine was rebuilt (a new VM), ${remedy} and restart the lab; otherwise someone may be impersonating it.`;
    },
  },
  {
    pattern: /Connection refused/i,
    explain: (where) => `${where} refused the SSH connection: is sshd running there, and on that port?`,
  },
  {
    pattern: /Connection timed out|Operation timed out|No route to host|Network is unreachable/i,
    explain: (where) => `${where} did not answer: check that the machine is up and reachable from this host (address, port, firewall).`,
  },
  {
    pattern: /Could not resolve hostname|Name or service not known|nodename nor servname/i,
    explain: (where) => `the host name of ${where} could not be resolved: check the address.`,
  },
  {
    pattern: /Permission denied|Too many authentication failures/i,
    explain: (where) => `${where} refused the login: check the user name and the key (NSLAB_SSH_KEY); the lab never asks for a password.`,
  },
  {
    pattern: /sudo: a (terminal|password) is required|sudo: .*password/i,
    explain: (where) => `the SSH user on ${where} needs passwordless sudo (or log in as root): the lab's shells run as root there.`,
  },
  {
    pattern: /Connection closed by|Connection reset by|kex_exchange_identification/i,
    explain: (where) => `${where} closed the SSH connection while it was being set up: sshd may still be starting, or refuses this client.`,
  },
];

export function explainSshFailure(where: string, stderr: string): string {
  const rule = RULES.find((r) => r.pattern.test(stderr));
  const said = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400);
  if (rule) return rule.explain(where, stderr);
  return `SSH to ${where} failed${said ? `: ${said}` : ''}`;
}

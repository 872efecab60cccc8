// The address learners on other machines reach a workshop by: the first non-internal IPv4 address, when listening on all interfaces.
import os from 'node:os';

/** Replaces `localhost` in a URL of a server listening on every interface with this machine's LAN address, when it has one. */
export function forLearners(url: string, host: string): string {
  const lan = lanAddress(host);
  if (!lan) return url;
  const u = new URL(url);
  u.hostname = lan;
  return u.toString();
}

/** This machine's LAN address when the lab listens on every interface (`host` 0.0.0.0 or ::), else null. */
export function lanAddress(host: string): string | null {
  if (host !== '0.0.0.0' && host !== '::') return null;
  const lan = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal);
  return lan?.address ?? null;
}

// Who may talk to the lab: Host and Origin checks against DNS rebinding and cross-site WebSocket hijacking, and the access token.
import type { IncomingHttpHeaders } from 'node:http';
import type { GuessLimiter } from './guess-limiter';

export const TOKEN_COOKIE = 'nslab_token';
/** An anonymous learner identity: sessions belong to it, so a reload or a new tab finds them again. */
export const LEARNER_COOKIE = 'nslab_learner';
export const LEARNER_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** The learner id from the cookie, if it has the right shape. */
export const learnerOf = (headers: IncomingHttpHeaders): string | null => {
  const id = readCookie(headers.cookie, LEARNER_COOKIE);
  return id && LEARNER_ID.test(id) ? id : null;
};

export type AccessPolicy = {
  /** True when the server listens on loopback only; then Host must name loopback too. */
  loopbackOnly: boolean;
  /** Required (as cookie or ?token=) for every request when set. */
  token: string | null;
  /** Wrong secrets (access token, join code, instructor token) per address, counted on every path. */
  guesses: GuessLimiter;
};

export type AccessVerdict = { allowed: true } | { allowed: false; status: 401 | 403 | 429; reason: string };

const LOOPBACK_HOSTNAMES = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Strips the port from a Host header value ("localhost:3000", "[::1]:3000"). */
export const hostnameOf = (host: string): string => (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? ''));

/**
 * A page served on loopback must be asked for by a loopback name: a foreign DNS name that
 * resolves to 127.0.0.1 (DNS rebinding) would otherwise read pages and pass the Origin check.
 */
export function checkHost(policy: AccessPolicy, headers: IncomingHttpHeaders): AccessVerdict {
  const host = headers.host ?? '';
  if (policy.loopbackOnly && !LOOPBACK_HOSTNAMES.test(hostnameOf(host))) {
    return { allowed: false, status: 403, reason: `the lab listens on loopback only; open it as http://localhost or http://127.0.0.1, not "${host}"` };
  }
  return { allowed: true };
}

export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return decodeCookie(part.slice(eq + 1).trim());
  }
  return null;
}

/** A cookie value as set (URI-encoded); a malformed escape is kept as it came, to be judged wrong rather than to throw. */
function decodeCookie(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

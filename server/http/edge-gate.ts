// Who may open a socket (socket.io's engine, a terminal stream) and which secret cookies are wrong: one judgement for every path.
import type { IncomingMessage } from 'node:http';
import { sameSecret } from '../same-secret';
import type { WorkshopSecrets } from '../workshop/workshop-access';
import { checkHost, readCookie, TOKEN_COOKIE, type AccessPolicy, type AccessVerdict } from './access';
import { checkSameOrigin } from './same-origin';
import { INSTRUCTOR_COOKIE, JOINED_COOKIE } from './workshop/workshop-cookies';

const NEEDS_TOKEN = 'this lab needs its access token: open the full URL the server printed (…/?token=…)';

/** Why each secret cookie can be wrong, and what to do about it. */
const WRONG: Record<string, string> = {
  [TOKEN_COOKIE]: 'this access token is not the lab’s (the server may have restarted with a new one): open the full URL the server printed',
  [JOINED_COOKIE]: 'this join cookie is not this workshop’s (it may be from an earlier one): open the join link your instructor gave',
  [INSTRUCTOR_COOKIE]: 'this instructor cookie is not this workshop’s: open the instructor URL the lab server printed',
};

export type SecretCookies = {
  verdict: AccessVerdict;
  /** Secret cookies the request offered that are wrong (counted as guesses); pages clear them. */
  wrong: string[];
  /** The request offered at least one secret cookie. */
  offered: boolean;
};

/**
 * Judges the secret cookies a request carries: a blocked address is refused (429) whatever it
 * offers, right or wrong, so a blocked guesser learns nothing; each wrong one is a guess.
 * Missing cookies are not guesses: without the token the request is refused, without a
 * workshop cookie it is a visitor.
 */
export function checkSecretCookies(req: IncomingMessage, policy: AccessPolicy, workshop: WorkshopSecrets | null): SecretCookies {
  const expected: [string, string][] = [];
  if (policy.token) expected.push([TOKEN_COOKIE, policy.token]);
  if (workshop) expected.push([JOINED_COOKIE, workshop.joinCode], [INSTRUCTOR_COOKIE, workshop.instructorToken]);
  const offered = expected.flatMap(([name, secret]) => {
    const value = readCookie(req.headers.cookie, name);
    return value === null ? [] : [{ name, value, right: sameSecret(value, secret) }];
  });
  const address = policy.guesses.addressOf(req);
  if (offered.length > 0 && policy.guesses.blocked(address)) return { verdict: policy.guesses.refusal(address), wrong: [], offered: true };
  const wrong = offered.filter((c) => !c.right);
  for (const c of wrong) policy.guesses.miss(address, `${c.name}=${c.value}`);
  const first = wrong[0];
  if (first) return { verdict: { allowed: false, status: 401, reason: WRONG[first.name]! }, wrong: wrong.map((c) => c.name), offered: true };
  if (policy.token && !offered.some((c) => c.name === TOKEN_COOKIE)) return { verdict: { allowed: false, status: 401, reason: NEEDS_TOKEN }, wrong: [], offered: offered.length > 0 };
  return { verdict: { allowed: true }, wrong: [], offered: offered.length > 0 };
}

/**
 * Admits a socket request before anything is built for it: Host (DNS rebinding), same origin
 * (cross-site WebSocket hijacking), then the secret cookies (access token, workshop secrets).
 */
export function admitSocket(req: IncomingMessage, policy: AccessPolicy, workshop: WorkshopSecrets | null): AccessVerdict {
  const host = checkHost(policy, req.headers);
  if (!host.allowed) return host;
  const origin = checkSameOrigin(req.headers, { websocket: isUpgrade(req) });
  if (!origin.allowed) return origin;
  return checkSecretCookies(req, policy, workshop).verdict;
}

const isUpgrade = (req: IncomingMessage): boolean => (req.headers.upgrade ?? '').toLowerCase() === 'websocket';

// The workshop's HTTP doors: /join (a code form) and /join?code= and /instructor?token= trade their secret for a cookie; the dashboard needs the instructor's.
import type { IncomingMessage } from 'node:http';
import { sameSecret } from '../../same-secret';
import { isForgiving, matchesJoinCode, typedCode } from '../../workshop/join-code';
import type { WorkshopSecrets } from '../../workshop/workshop-access';
import type { GuessLimiter } from '../guess-limiter';
import { joinPage } from './join-page';
import { INSTRUCTOR_COOKIE, JOINED_COOKIE, roleOf, secretCookie } from './workshop-cookies';

export type WorkshopRoute =
  | { kind: 'pass' }
  | { kind: 'redirect'; location: string; cookie: string }
  /** A page of the workshop's own (the join form), answered 200. */
  | { kind: 'page'; html: string }
  /** `page`, when present, is answered instead of the plain refusal (the join form again, with the reason). */
  | { kind: 'refuse'; status: 401 | 403 | 429; reason: string; page?: string };

export const JOIN_PATH = '/join';
export const INSTRUCTOR_PATH = '/instructor';
/** Where a learner lands once the join code was right: the page that asks for their display name. */
export const JOINED_PATH = '/join/name';

export function routeWorkshop(secrets: WorkshopSecrets, req: IncomingMessage, guesses: GuessLimiter): WorkshopRoute {
  const url = new URL(req.url ?? '/', 'http://lab');
  const address = guesses.addressOf(req);
  const offersSecret = (url.pathname === JOIN_PATH && url.searchParams.has('code')) || url.searchParams.has('token');
  const forgiving = isForgiving(secrets.joinCode);
  if (offersSecret && guesses.blocked(address)) {
    const { status, reason } = guesses.refusal(address);
    return {
      kind: 'refuse',
      status,
      reason,
      page: url.pathname === JOIN_PATH ? joinPage({ problem: `Too many wrong codes from your address: ${reason.replace(/^.*; /, '')}.`, forgiving }) : undefined,
    };
  }
  if (url.pathname === JOIN_PATH) {
    const code = url.searchParams.get('code');
    if (code === null) return { kind: 'page', html: joinPage({ forgiving }) };
    if (!matchesJoinCode(code, secrets.joinCode)) {
      guesses.miss(address, `${JOINED_COOKIE}=${typedCode(code, secrets.joinCode)}`);
      const reason = 'that join code is not right; check it with your instructor and type it again';
      return { kind: 'refuse', status: 401, reason, page: joinPage({ problem: 'That join code is not right. Check it with your instructor and type it again.', typed: code.slice(0, 64), forgiving }) };
    }
    return { kind: 'redirect', location: JOINED_PATH, cookie: secretCookie(JOINED_COOKIE, secrets.joinCode) };
  }
  if (url.pathname === INSTRUCTOR_PATH || url.pathname.startsWith(`${INSTRUCTOR_PATH}/`)) {
    const token = url.searchParams.get('token');
    if (token !== null) {
      if (!sameSecret(token, secrets.instructorToken)) {
        guesses.miss(address, `${INSTRUCTOR_COOKIE}=${token}`);
        return { kind: 'refuse', status: 401, reason: 'that instructor token is wrong; copy the instructor URL the lab server printed' };
      }
      return { kind: 'redirect', location: INSTRUCTOR_PATH, cookie: secretCookie(INSTRUCTOR_COOKIE, secrets.instructorToken) };
    }
    if (roleOf(secrets, req.headers) !== 'instructor') {
      return { kind: 'refuse', status: 403, reason: 'the instructor dashboard opens only from the instructor URL the lab server printed' };
    }
  }
  return { kind: 'pass' };
}

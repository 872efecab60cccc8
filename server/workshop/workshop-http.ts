// The workshop's HTTP doors: /join?code= and /instructor?token= trade their secret for a cookie; the dashboard needs the instructor's.
import type { IncomingMessage } from 'node:http';
import { sameSecret } from '../http/access';
import { guessAddress, type GuessLimiter } from '../http/guess-limiter';
import { INSTRUCTOR_COOKIE, JOINED_COOKIE, roleOf, secretCookie, type WorkshopSecrets } from './workshop-access';

export type WorkshopRoute =
  | { kind: 'pass' }
  | { kind: 'redirect'; location: string; cookie: string }
  | { kind: 'refuse'; status: 401 | 403 | 429; reason: string };

export const JOIN_PATH = '/join';
export const INSTRUCTOR_PATH = '/instructor';

export function routeWorkshop(secrets: WorkshopSecrets, req: IncomingMessage, guesses: GuessLimiter): WorkshopRoute {
  const url = new URL(req.url ?? '/', 'http://lab');
  const address = guessAddress(req.socket.remoteAddress);
  const offersSecret = (url.pathname === JOIN_PATH && url.searchParams.has('code')) || url.searchParams.has('token');
  if (offersSecret && guesses.blocked(address)) {
    const { status, reason } = guesses.refusal(address);
    return { kind: 'refuse', status, reason };
  }
  if (url.pathname === JOIN_PATH) {
    const code = url.searchParams.get('code');
    if (code === null || !sameSecret(code, secrets.joinCode)) {
      if (code !== null) guesses.miss(address, `${JOINED_COOKIE}=${code}`);
      return { kind: 'refuse', status: 401, reason: 'that join link is not right; ask your instructor for the join link' };
    }
    return { kind: 'redirect', location: '/', cookie: secretCookie(JOINED_COOKIE, secrets.joinCode) };
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

// Who a workshop visitor is: the join code makes a learner, the instructor token an instructor; both live in HttpOnly cookies.
import { randomBytes, randomInt } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { readCookie, sameSecret } from '../http/access';

/** Set once a learner opened the join link: holds the join code. */
export const JOINED_COOKIE = 'nslab_joined';
/** Set once the instructor opened their link: holds the instructor token. */
export const INSTRUCTOR_COOKIE = 'nslab_instructor';

/** `visitor`: a workshop page without the join code (no shell for them); outside a workshop everyone is a `learner`. */
export type Role = 'instructor' | 'learner' | 'visitor';

export type WorkshopSecrets = { joinCode: string; instructorToken: string };

/** Letters and digits that cannot be mistaken for one another when read off a projector. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** Length of a generated join code (in characters): 31^10 ≈ 2^49 guesses. */
export const JOIN_CODE_CHARS = 10;

export function generateSecrets(fixed: { joinCode?: string; instructorToken?: string }): WorkshopSecrets {
  const code = Array.from({ length: JOIN_CODE_CHARS }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return { joinCode: fixed.joinCode ?? code, instructorToken: fixed.instructorToken ?? randomBytes(18).toString('base64url') };
}

export function roleOf(secrets: WorkshopSecrets, headers: IncomingHttpHeaders): Role {
  const instructor = readCookie(headers.cookie, INSTRUCTOR_COOKIE);
  if (instructor && sameSecret(instructor, secrets.instructorToken)) return 'instructor';
  const joined = readCookie(headers.cookie, JOINED_COOKIE);
  return joined && sameSecret(joined, secrets.joinCode) ? 'learner' : 'visitor';
}

/** An HttpOnly, SameSite=Strict cookie for the whole lab (the same rules as the access token's). */
export const secretCookie = (name: string, value: string): string => `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict`;

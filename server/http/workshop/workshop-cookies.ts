// The workshop's secrets as a browser holds them: two HttpOnly cookies, and the role they give a request.
import type { IncomingHttpHeaders } from 'node:http';
import { roleFor, type Role, type WorkshopSecrets } from '../../workshop/workshop-access';
import { readCookie } from '../access';

/** Set once a learner opened the join link: holds the join code. */
export const JOINED_COOKIE = 'nslab_joined';
/** Set once the instructor opened their link: holds the instructor token. */
export const INSTRUCTOR_COOKIE = 'nslab_instructor';

/** The role a request's cookies give it in the workshop. */
export const roleOf = (secrets: WorkshopSecrets, headers: IncomingHttpHeaders): Role =>
  roleFor(secrets, { instructorToken: readCookie(headers.cookie, INSTRUCTOR_COOKIE), joinCode: readCookie(headers.cookie, JOINED_COOKIE) });

/** An HttpOnly, SameSite=Strict cookie for the whole lab (the same rules as the access token's). */
export const secretCookie = (name: string, value: string): string => `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict`;

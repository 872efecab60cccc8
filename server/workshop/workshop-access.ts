// Who a workshop visitor is: the join code makes a learner, the instructor token an instructor; anyone else only looks.
import { randomBytes, randomInt } from 'node:crypto';
import { sameSecret } from '../same-secret';

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

/** The role the secrets someone holds give them (`null`: they hold none of that kind); the instructor token wins. */
export function roleFor(secrets: WorkshopSecrets, held: { instructorToken: string | null; joinCode: string | null }): Role {
  if (held.instructorToken !== null && sameSecret(held.instructorToken, secrets.instructorToken)) return 'instructor';
  return held.joinCode !== null && sameSecret(held.joinCode, secrets.joinCode) ? 'learner' : 'visitor';
}

// Who a workshop visitor is: the join code makes a learner, the instructor token an instructor; anyone else only looks.
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { sameSecret } from '../same-secret';

/** `visitor`: a workshop page without the join code (no shell for them); outside a workshop everyone is a `learner`. */
export type Role = 'instructor' | 'learner' | 'visitor';

export type WorkshopSecrets = { joinCode: string; instructorToken: string };

/** Letters and digits that cannot be mistaken for one another when read off a projector. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** Length of a generated join code (in characters): 31^10 ≈ 2^49 guesses. */
export const JOIN_CODE_CHARS = 10;

/**
 * The workshop's secrets: those given, else derived from the workshop secret (the same on every node of
 * one workshop, so a join on one node holds on all), else generated (a workshop of one node).
 */
export function generateSecrets(fixed: { joinCode?: string; instructorToken?: string; workshopSecret?: string }): WorkshopSecrets {
  const derived = fixed.workshopSecret === undefined ? null : deriveSecrets(fixed.workshopSecret);
  const code = derived?.joinCode ?? Array.from({ length: JOIN_CODE_CHARS }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return { joinCode: fixed.joinCode ?? code, instructorToken: fixed.instructorToken ?? derived?.instructorToken ?? randomBytes(18).toString('base64url') };
}

/**
 * The join code and instructor token of a workshop secret: HMAC-SHA256 keyed with the secret, one label per
 * secret, so neither reveals the other or the workshop secret. The code's letters come from bytes below
 * 248 (8 × 31) only, so every letter of CODE_ALPHABET is equally likely.
 */
export function deriveSecrets(workshopSecret: string): WorkshopSecrets {
  const bytes = (label: string) => createHmac('sha256', workshopSecret).update(label).digest();
  const letters: string[] = [];
  for (let round = 0; letters.length < JOIN_CODE_CHARS; round++) {
    for (const byte of bytes(`nslab join code ${round}`)) {
      if (byte < 248 && letters.length < JOIN_CODE_CHARS) letters.push(CODE_ALPHABET[byte % CODE_ALPHABET.length]!);
    }
  }
  return { joinCode: letters.join(''), instructorToken: bytes('nslab instructor token').subarray(0, 18).toString('base64url') };
}

/** The role the secrets someone holds give them (`null`: they hold none of that kind); the instructor token wins. */
export function roleFor(secrets: WorkshopSecrets, held: { instructorToken: string | null; joinCode: string | null }): Role {
  if (held.instructorToken !== null && sameSecret(held.instructorToken, secrets.instructorToken)) return 'instructor';
  return held.joinCode !== null && sameSecret(held.joinCode, secrets.joinCode) ? 'learner' : 'visitor';
}

// The workshop's secrets: derived alike on every node from one workshop secret, generated otherwise, and given ones win.
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, deriveSecrets, generateSecrets, JOIN_CODE_CHARS } from './workshop-access';

const SECRET = 'a-workshop-secret-of-32-characters-0123';

describe('workshop secrets', () => {
  it('derives the same join code and instructor token from the same workshop secret, and others from another', () => {
    const one = deriveSecrets(SECRET);
    expect(deriveSecrets(SECRET)).toEqual(one);
    expect(one.joinCode).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${JOIN_CODE_CHARS}}$`));
    expect(one.instructorToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const other = deriveSecrets(`${SECRET}x`);
    expect(other.joinCode).not.toBe(one.joinCode);
    expect(other.instructorToken).not.toBe(one.instructorToken);
    expect(one.instructorToken).not.toContain(SECRET.slice(0, 8));
  });

  it('lets a given join code or token win over the derived one, and generates both without a workshop secret', () => {
    expect(generateSecrets({ workshopSecret: SECRET })).toEqual(deriveSecrets(SECRET));
    expect(generateSecrets({ workshopSecret: SECRET, joinCode: 'JOIN-42-code' })).toEqual({ joinCode: 'JOIN-42-code', instructorToken: deriveSecrets(SECRET).instructorToken });
    const a = generateSecrets({});
    expect(generateSecrets({})).not.toEqual(a);
  });
});

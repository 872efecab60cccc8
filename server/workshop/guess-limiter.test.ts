// Guessing a workshop's join code: ten wrong tries a minute per address, then a wait that says how long.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { GuessLimiter, MAX_WRONG_GUESSES, WINDOW_MS } from './guess-limiter';
import { routeWorkshop } from './workshop-http';

const secrets = { joinCode: 'right-code-123', instructorToken: 'instructor-token-0123456789' };
const request = (url: string, address = '10.0.0.7') => ({ url, headers: {}, socket: { remoteAddress: address } }) as unknown as IncomingMessage;

describe('GuessLimiter', () => {
  it('blocks an address after too many wrong guesses, until the window has passed', () => {
    let now = 0;
    const limiter = new GuessLimiter(() => now);
    for (let i = 0; i < MAX_WRONG_GUESSES; i++) limiter.miss('a');
    expect(limiter.blocked('a')).toBe(true);
    expect(limiter.blocked('b')).toBe(false);
    expect(limiter.retryAfterSeconds('a')).toBe(WINDOW_MS / 1000);
    now = WINDOW_MS + 1;
    expect(limiter.blocked('a')).toBe(false);
  });
});

describe('routeWorkshop with a guesser', () => {
  it('refuses the join link with 429 after ten wrong codes, even the right one, for that address only', () => {
    const limiter = new GuessLimiter();
    for (let i = 0; i < MAX_WRONG_GUESSES; i++) expect(routeWorkshop(secrets, request(`/join?code=guess${i}`), limiter)).toMatchObject({ kind: 'refuse', status: 401 });
    expect(routeWorkshop(secrets, request('/join?code=right-code-123'), limiter)).toMatchObject({ kind: 'refuse', status: 429, reason: expect.stringMatching(/try again in \d+ s/) });
    expect(routeWorkshop(secrets, request('/join?code=right-code-123', '10.0.0.8'), limiter)).toMatchObject({ kind: 'redirect' });
    // Pages that offer no secret still load.
    expect(routeWorkshop(secrets, request('/lessons/uts'), limiter)).toEqual({ kind: 'pass' });
  });
});

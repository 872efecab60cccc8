// The workshop's HTTP doors under guessing: wrong join links count, and a blocked address is refused even the right one.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { stringContaining, stringMatching } from '../../../test/support/matchers';
import { GuessLimiter, MAX_WRONG_GUESSES } from '../guess-limiter';
import { routeWorkshop } from './workshop-routes';

const secrets = { joinCode: 'right-code-123', instructorToken: 'instructor-token-0123456789' };
const request = (url: string, address = '10.0.0.7') => ({ url, headers: {}, socket: { remoteAddress: address } }) as unknown as IncomingMessage;

describe('routeWorkshop with a guesser', () => {
  it('refuses the join link with 429 after ten wrong codes, even the right one, for that address only', () => {
    const limiter = new GuessLimiter();
    for (let i = 0; i < MAX_WRONG_GUESSES; i++) expect(routeWorkshop(secrets, request(`/join?code=guess${i}`), limiter)).toMatchObject({ kind: 'refuse', status: 401 });
    expect(routeWorkshop(secrets, request('/join?code=right-code-123'), limiter)).toMatchObject({ kind: 'refuse', status: 429, reason: stringMatching(/try again in \d+ s/) });
    expect(routeWorkshop(secrets, request('/join?code=right-code-123', '10.0.0.8'), limiter)).toMatchObject({ kind: 'redirect' });
    // Pages that offer no secret still load.
    expect(routeWorkshop(secrets, request('/lessons/uts'), limiter)).toEqual({ kind: 'pass' });
  });

  it('counts wrong instructor tokens with wrong join codes', () => {
    const limiter = new GuessLimiter();
    for (let i = 0; i < MAX_WRONG_GUESSES / 2; i++) routeWorkshop(secrets, request(`/join?code=guess${i}`), limiter);
    for (let i = 0; i < MAX_WRONG_GUESSES / 2; i++) routeWorkshop(secrets, request(`/instructor?token=guess${i}`), limiter);
    expect(routeWorkshop(secrets, request('/instructor?token=instructor-token-0123456789'), limiter)).toMatchObject({ kind: 'refuse', status: 429 });
  });

  it('serves the code form on /join, a styled 401 page for a wrong code, and sends a right one to the name page', () => {
    const limiter = new GuessLimiter();
    const form = routeWorkshop(secrets, request('/join'), limiter);
    expect(form).toMatchObject({ kind: 'page', html: stringContaining('<html lang="en">') });
    const wrong = routeWorkshop(secrets, request('/join?code=nope'), limiter);
    expect(wrong).toMatchObject({ kind: 'refuse', status: 401, page: stringMatching(/<main[^>]*>[\s\S]*role="alert"[\s\S]*<form/) });
    expect(routeWorkshop(secrets, request('/join?code=right-code-123'), limiter)).toMatchObject({ kind: 'redirect', location: '/join/name' });
  });

  it('takes a generated code case-blind with spaces and dashes, and counts spellings of one wrong code once', () => {
    const generated = { ...secrets, joinCode: 'ABCDE23456' };
    const limiter = new GuessLimiter();
    expect(routeWorkshop(generated, request('/join?code=abcde-23456'), limiter)).toMatchObject({ kind: 'redirect' });
    expect(routeWorkshop(generated, request('/join?code=ABCDE%2023456'), limiter)).toMatchObject({ kind: 'redirect' });
    for (const spelling of ['zzzzz-zzzzz', 'ZZZZZZZZZZ', 'zzzzz zzzzz']) routeWorkshop(generated, request(`/join?code=${encodeURIComponent(spelling)}`), limiter);
    for (let i = 0; i < MAX_WRONG_GUESSES - 2; i++) routeWorkshop(generated, request(`/join?code=guess${i}`), limiter);
    expect(routeWorkshop(generated, request('/join?code=ABCDE23456'), limiter)).toMatchObject({ kind: 'redirect' });
    routeWorkshop(generated, request('/join?code=one-more'), limiter);
    expect(routeWorkshop(generated, request('/join?code=ABCDE23456'), limiter)).toMatchObject({ kind: 'refuse', status: 429, page: stringContaining('Too many wrong codes') });
    // A code the operator chose is taken exactly.
    expect(routeWorkshop(secrets, request('/join?code=RIGHT-CODE-123', '10.0.0.9'), limiter)).toMatchObject({ kind: 'refuse', status: 401 });
  });
});

// Guessing the lab's secrets: ten different wrong tries a minute per address (an IPv6 /64 is one address), then a wait that says how long.
import { describe, expect, it } from 'vitest';
import { stringMatching } from '../../test/support/matchers';
import type { IncomingMessage } from 'node:http';
import { trustedProxyList } from '../config/trusted-proxies';
import { clientAddress, GuessLimiter, guessAddress, MAX_WRONG_GUESSES, WINDOW_MS } from './guess-limiter';

describe('GuessLimiter', () => {
  it('blocks an address after too many wrong guesses, until the window has passed', () => {
    let now = 0;
    const limiter = new GuessLimiter(() => now);
    for (let i = 0; i < MAX_WRONG_GUESSES; i++) limiter.miss('a', `join=${i}`);
    expect(limiter.blocked('a')).toBe(true);
    expect(limiter.blocked('b')).toBe(false);
    expect(limiter.retryAfterSeconds('a')).toBe(WINDOW_MS / 1000);
    expect(limiter.refusal('a')).toMatchObject({ status: 429, reason: stringMatching(/try again in 60 s/) });
    now = WINDOW_MS + 1;
    expect(limiter.blocked('a')).toBe(false);
  });

  it('counts the same wrong value once (a stale cookie retried by a reconnecting page)', () => {
    const limiter = new GuessLimiter();
    for (let i = 0; i < 5 * MAX_WRONG_GUESSES; i++) limiter.miss('a', 'nslab_joined=OLD-CODE');
    expect(limiter.blocked('a')).toBe(false);
    for (let i = 1; i < MAX_WRONG_GUESSES; i++) limiter.miss('a', `nslab_joined=guess-${i}`);
    expect(limiter.blocked('a')).toBe(true);
  });
});

describe('guessAddress', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6, and groups IPv6 by /64', () => {
    expect(guessAddress('10.0.0.7')).toBe('10.0.0.7');
    expect(guessAddress('::ffff:10.0.0.7')).toBe('10.0.0.7');
    expect(guessAddress('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
    expect(guessAddress('2001:0db8:0000:0001:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:0:1::/64');
    expect(guessAddress('::1')).toBe('0:0:0:0::/64');
    expect(guessAddress(undefined)).toBe('unknown');
  });
});

describe('clientAddress', () => {
  const request = (remote: string, forwarded?: string) =>
    ({ socket: { remoteAddress: remote }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as unknown as IncomingMessage;
  const balancer = trustedProxyList(['10.0.0.2']);

  it('counts a direct client by its own address, whatever X-Forwarded-For it sends', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), balancer)).toBe('203.0.113.9');
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), null)).toBe('203.0.113.9');
  });

  it('counts a learner behind a trusted balancer by the address the balancer appended, not one the learner wrote', () => {
    expect(clientAddress(request('10.0.0.2', '198.51.100.7'), balancer)).toBe('198.51.100.7');
    // The learner sent "X-Forwarded-For: 192.0.2.1"; nginx appended the address it saw.
    expect(clientAddress(request('::ffff:10.0.0.2', '192.0.2.1, 198.51.100.7'), balancer)).toBe('198.51.100.7');
  });

  it('walks past a chain of trusted balancers, and keeps the balancer when it names no valid client', () => {
    expect(clientAddress(request('10.0.0.2', '198.51.100.7, 10.0.0.3'), trustedProxyList(['10.0.0.2', '10.0.0.3']))).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.2'), balancer)).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2', 'not-an-address'), balancer)).toBe('10.0.0.2');
  });

  it('trusts every balancer of a CIDR range, IPv4 or IPv6, whichever way the socket spells an IPv4 peer', () => {
    const ingress = trustedProxyList(['10.0.0.0/8', 'fd00::/8']);
    // An Ingress controller's pod, rescheduled to a new address in the range.
    expect(clientAddress(request('10.244.3.17', '198.51.100.7'), ingress)).toBe('198.51.100.7');
    expect(clientAddress(request('::ffff:10.244.3.17', '198.51.100.7'), ingress)).toBe('198.51.100.7');
    expect(clientAddress(request('fd12:3456::9', '2001:db8:0:1::5'), ingress)).toBe('2001:db8:0:1::/64');
    // A chain within the range, then the learner; the learner's own "X-Forwarded-For: 10.9.9.9" is not walked past them.
    expect(clientAddress(request('10.0.0.2', '10.9.9.9, 198.51.100.7, 10.1.1.1'), ingress)).toBe('198.51.100.7');
    // Outside the range: the header is not believed.
    expect(clientAddress(request('11.0.0.1', '198.51.100.7'), ingress)).toBe('11.0.0.1');
    expect(clientAddress(request('::ffff:11.0.0.1', '198.51.100.7'), ingress)).toBe('11.0.0.1');
    expect(clientAddress(request('fe80::1', '198.51.100.7'), ingress)).toBe('fe80:0:0:0::/64');
    // An IPv4-mapped entry trusts the plain IPv4 peer too.
    expect(clientAddress(request('10.0.0.2', '198.51.100.7'), trustedProxyList(['::ffff:10.0.0.2']))).toBe('198.51.100.7');
  });

  it('a limiter with a trusted balancer locks out the guessing learner and not the rest of the room behind it', () => {
    const limiter = new GuessLimiter(Date.now, ['10.0.0.2']);
    const guesser = request('10.0.0.2', '198.51.100.7');
    for (let i = 0; i < MAX_WRONG_GUESSES; i++) limiter.miss(limiter.addressOf(guesser), `join:${i}`);
    expect(limiter.blocked(limiter.addressOf(guesser))).toBe(true);
    expect(limiter.blocked(limiter.addressOf(request('10.0.0.2', '198.51.100.8')))).toBe(false);
  });
});

// Slows down guessing of the lab's secrets: after a few wrong join codes or tokens from one address, on any path, that address waits.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP, isIPv6, type BlockList } from 'node:net';
import { isTrustedProxy, trustedProxyList } from '../config/trusted-proxies';

/** Different wrong secrets one address may send within WINDOW_MS before it is refused for the rest of the window. */
export const MAX_WRONG_GUESSES = 10;
export const WINDOW_MS = 60_000;
/** Addresses remembered at once; the oldest are forgotten first (a flood of addresses cannot grow memory). */
const MAX_ADDRESSES = 10_000;

/**
 * The address guesses are counted against: an IPv4 address as it is (also when it arrives
 * IPv4-mapped on a dual-stack socket), an IPv6 address by its /64 prefix, since one host
 * commonly holds a whole /64 and could otherwise take a fresh address per guess.
 */
export function guessAddress(remote: string | undefined): string {
  if (!remote) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remote);
  if (mapped) return mapped[1]!;
  if (!isIPv6(remote)) return remote;
  const [head = '', tail = ''] = remote.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = remote.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

type Miss = { at: number; guess: string };

/**
 * The client a request came from. Behind a balancer every request arrives from the balancer's
 * address, so one learner's wrong join codes would lock out the whole room: from a trusted proxy
 * (`NSLAB_TRUSTED_PROXIES`, addresses or CIDR ranges), the address it appended to X-Forwarded-For
 * counts instead, walking right to left past further trusted proxies. A header from anyone else is
 * ignored (it is forgeable). `trusted` null: no proxy is trusted.
 */
export function clientAddress(req: IncomingMessage, trusted: BlockList | null): string {
  let address = req.socket.remoteAddress;
  if (trusted === null || address === undefined) return guessAddress(address);
  const forwarded = ([] as string[])
    .concat(req.headers['x-forwarded-for'] ?? [])
    .flatMap((h) => h.split(','))
    .map((a) => a.trim());
  while (isTrustedProxy(trusted, address)) {
    const next = forwarded.pop();
    if (next === undefined || isIP(next) === 0) break;
    address = next;
  }
  return guessAddress(address);
}

export class GuessLimiter {
  private readonly misses = new Map<string, Miss[]>();
  private readonly trusted: BlockList | null;

  /** `trustedProxies`: addresses or CIDR ranges of balancers whose X-Forwarded-For is believed (checked by the configuration). */
  constructor(
    private readonly now: () => number = Date.now,
    trustedProxies: readonly string[] = [],
  ) {
    this.trusted = trustedProxies.length === 0 ? null : trustedProxyList(trustedProxies);
  }

  /** The address a request's guesses are counted against (see `clientAddress`). */
  addressOf(req: IncomingMessage): string {
    return clientAddress(req, this.trusted);
  }

  /** True while `address` has used up its wrong guesses. */
  blocked(address: string): boolean {
    return this.recent(address).length >= MAX_WRONG_GUESSES;
  }

  /** Seconds until `address` may guess again (0 when it may now). */
  retryAfterSeconds(address: string): number {
    const recent = this.recent(address);
    if (recent.length < MAX_WRONG_GUESSES) return 0;
    return Math.max(1, Math.ceil((recent[0]!.at + WINDOW_MS - this.now()) / 1000));
  }

  /**
   * `address` sent the wrong secret `guess` (its kind and value, e.g. "join:ABC"). The same wrong
   * value again is not a new guess: a page reconnecting with a stale cookie from an earlier
   * workshop must not lock out the room it shares an address with. Only a digest is kept.
   */
  miss(address: string, guess: string): void {
    const recent = this.recent(address);
    const digest = createHash('sha256').update(guess).digest('base64url').slice(0, 16);
    if (recent.some((m) => m.guess === digest)) return;
    recent.push({ at: this.now(), guess: digest });
    this.misses.delete(address);
    this.misses.set(address, recent);
    if (this.misses.size > MAX_ADDRESSES) this.misses.delete(this.misses.keys().next().value!);
  }

  /** The refusal for a blocked address, with how long to wait. */
  refusal(address: string): { allowed: false; status: 429; reason: string } {
    return { allowed: false, status: 429, reason: `too many wrong join codes or tokens from your address; try again in ${this.retryAfterSeconds(address)} s` };
  }

  private recent(address: string): Miss[] {
    const since = this.now() - WINDOW_MS;
    const recent = (this.misses.get(address) ?? []).filter((m) => m.at > since);
    if (recent.length === 0) this.misses.delete(address);
    else this.misses.set(address, recent);
    return recent;
  }
}

// Slows down guessing of a workshop's secrets: after a few wrong join codes or tokens from one address, that address waits.

/** Wrong secrets one address may send within WINDOW_MS before it is refused for the rest of the window. */
export const MAX_WRONG_GUESSES = 10;
export const WINDOW_MS = 60_000;
/** Addresses remembered at once; the oldest are forgotten first (a flood of addresses cannot grow memory). */
const MAX_ADDRESSES = 10_000;

export class GuessLimiter {
  private readonly misses = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True while `address` has used up its wrong guesses. */
  blocked(address: string): boolean {
    return this.recent(address).length >= MAX_WRONG_GUESSES;
  }

  /** Seconds until `address` may guess again (0 when it may now). */
  retryAfterSeconds(address: string): number {
    const recent = this.recent(address);
    if (recent.length < MAX_WRONG_GUESSES) return 0;
    return Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - this.now()) / 1000));
  }

  /** `address` sent a wrong secret. */
  miss(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    this.misses.delete(address);
    this.misses.set(address, recent);
    if (this.misses.size > MAX_ADDRESSES) this.misses.delete(this.misses.keys().next().value!);
  }

  private recent(address: string): number[] {
    const since = this.now() - WINDOW_MS;
    const recent = (this.misses.get(address) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.misses.delete(address);
    else this.misses.set(address, recent);
    return recent;
  }
}

// A debounce that costs one timer per quiet period, not one per event: the hot paths poke it for every output message.
//
// The usual debounce clears and sets a timer on every event. On a terminal's output path that was a
// timer made and dropped per echoed keystroke in the server (screen mirror, automatic checks, the
// map) and in the page (acknowledgements). Here a poke only notes the time; the one timer, when it
// runs, either fires or waits for the rest of the quiet period.

import { host as timers } from './host';

export class QuietTimer {
  private lastPokeAt = 0;
  private timer: unknown = null;

  constructor(
    /** How long nothing must happen before `fire` (in milliseconds). */
    private readonly quietMs: number,
    private readonly fire: () => void,
  ) {}

  /** Something happened: `fire` runs once `quietMs` pass without another poke. */
  poke(): void {
    this.lastPokeAt = Date.now();
    if (this.timer === null) this.arm(this.quietMs);
  }

  get isPending(): boolean {
    return this.timer !== null;
  }

  /** Forget the pending fire, if any. */
  cancel(): void {
    if (this.timer !== null) timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(ms: number): void {
    this.timer = timers.setTimeout(() => {
      this.timer = null;
      const quietFor = Date.now() - this.lastPokeAt;
      if (quietFor >= this.quietMs) this.fire();
      else this.arm(this.quietMs - quietFor);
    }, ms);
  }
}

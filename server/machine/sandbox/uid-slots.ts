// Hands out per-sandbox host uid ranges (slot s -> uidBase + s*65536) so no two open sandboxes share a uid.
import { UIDS_PER_SANDBOX } from '../sandbox-options';

export class UidSlots {
  private readonly used = new Set<number>();

  constructor(
    private readonly uidBase: number,
    private readonly count: number,
  ) {}

  /** The first host uid of a free slot, or undefined when all are taken. */
  take(): number | undefined {
    for (let slot = 0; slot < this.count; slot++) {
      if (!this.used.has(slot)) {
        this.used.add(slot);
        return this.uidBase + slot * UIDS_PER_SANDBOX;
      }
    }
    return undefined;
  }

  release(hostUid: number): void {
    this.used.delete((hostUid - this.uidBase) / UIDS_PER_SANDBOX);
  }

  /** The first host uid of every taken slot. */
  taken(): number[] {
    return [...this.used].map((slot) => this.uidBase + slot * UIDS_PER_SANDBOX);
  }

  /** Whether a host uid lies in any slot's range (used or not). */
  contains(uid: number): boolean {
    return uid >= this.uidBase && uid < this.uidBase + this.count * UIDS_PER_SANDBOX;
  }

  /** Whether a host uid belongs to a slot that is currently taken. */
  inUse(uid: number): boolean {
    return this.contains(uid) && this.used.has(Math.floor((uid - this.uidBase) / UIDS_PER_SANDBOX));
  }
}

// The last bytes a terminal printed, addressed by sequence number, so a page that reconnects gets exactly what it missed.

/** Output kept per terminal for replay (in bytes); sshx keeps the same 2 MiB per shell. */
export const REPLAY_BUFFER_BYTES = 2 * 1024 * 1024;

/** A terminal's ring starts this small (in bytes) and doubles as its output grows, up to its capacity. */
const INITIAL_RING_BYTES = 4 * 1024;

/**
 * A ring of bytes: the byte with sequence number k (0-based, counted since the shell started) lives
 * at ring[k % ring.length] for as long as it is among the last `capacityBytes`.
 *
 * The bytes are copied in rather than kept as the pty's own chunks: a 2 MiB queue of 4 KiB chunks
 * outlives the young generation during a flood, so every chunk was promoted to the old generation
 * and had to be collected there, and a flood spent much of its time in garbage collection.
 */
export class ReplayBuffer {
  private ring = new Uint8Array(0);
  /** Total bytes ever appended: the sequence number after the last byte. */
  private seq = 0;

  constructor(private readonly capacityBytes = REPLAY_BUFFER_BYTES) {}

  get end(): number {
    return this.seq;
  }

  /** How many of the latest bytes are kept. */
  private get kept(): number {
    return Math.min(this.seq, this.ring.length);
  }

  append(data: Uint8Array): number {
    // Of a chunk larger than the whole capacity only its end can be kept.
    const bytes = data.byteLength > this.capacityBytes ? data.subarray(data.byteLength - this.capacityBytes) : data;
    this.growFor(this.kept + bytes.byteLength);
    this.seq += data.byteLength;
    this.copyIn(this.seq - bytes.byteLength, bytes);
    return this.seq;
  }

  /** Everything still kept, oldest first. */
  tail(): Uint8Array {
    return this.copyOut(this.seq - this.kept, this.kept);
  }

  /** The bytes after `from`, or null when some of them are no longer kept (or `from` is in the future). */
  since(from: number): Uint8Array | null {
    if (from > this.seq || from < this.seq - this.kept) return null;
    return this.copyOut(from, this.seq - from);
  }

  /** Makes the ring hold `needed` bytes (doubling, up to the capacity), keeping what it holds. */
  private growFor(needed: number): void {
    if (needed <= this.ring.length || this.ring.length >= this.capacityBytes) return;
    let size = Math.max(this.ring.length, INITIAL_RING_BYTES);
    while (size < needed) size *= 2;
    const keptBytes = this.tail();
    this.ring = new Uint8Array(Math.min(size, this.capacityBytes));
    this.copyIn(this.seq - keptBytes.byteLength, keptBytes);
  }

  private copyIn(at: number, bytes: Uint8Array): void {
    const size = this.ring.length;
    const pos = at % size;
    const first = Math.min(size - pos, bytes.byteLength);
    this.ring.set(bytes.subarray(0, first), pos);
    if (first < bytes.byteLength) this.ring.set(bytes.subarray(first), 0);
  }

  private copyOut(at: number, length: number): Uint8Array {
    const out = Buffer.allocUnsafe(length);
    if (length === 0) return out;
    const size = this.ring.length;
    const pos = at % size;
    const first = Math.min(size - pos, length);
    out.set(this.ring.subarray(pos, pos + first), 0);
    if (first < length) out.set(this.ring.subarray(0, length - first), first);
    return out;
  }
}

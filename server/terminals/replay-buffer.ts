// The last bytes a terminal printed, addressed by sequence number, so a page that reconnects gets exactly what it missed.

/** Output kept per terminal for replay (in bytes); sshx keeps the same 2 MiB per shell. */
export const REPLAY_BUFFER_BYTES = 2 * 1024 * 1024;

export class ReplayBuffer {
  private chunks: { end: number; data: Uint8Array }[] = [];
  private bytes = 0;
  /** Total bytes ever appended: the sequence number after the last chunk. */
  private seq = 0;

  constructor(private readonly capacityBytes = REPLAY_BUFFER_BYTES) {}

  get end(): number {
    return this.seq;
  }

  append(data: Uint8Array): number {
    this.seq += data.byteLength;
    this.chunks.push({ end: this.seq, data });
    this.bytes += data.byteLength;
    while (this.bytes - this.chunks[0]!.data.byteLength >= this.capacityBytes) {
      this.bytes -= this.chunks.shift()!.data.byteLength;
    }
    return this.seq;
  }

  /** Everything still kept, oldest first. */
  tail(): Uint8Array {
    const first = this.chunks[0];
    return first ? this.since(first.end - first.data.byteLength)! : new Uint8Array(0);
  }

  /** The bytes after `from`, or null when some of them are no longer kept (or `from` is in the future). */
  since(from: number): Uint8Array | null {
    if (from > this.seq) return null;
    if (from === this.seq) return new Uint8Array(0);
    const start = (this.chunks[0]?.end ?? 0) - (this.chunks[0]?.data.byteLength ?? 0);
    if (from < start) return null;
    const parts: Uint8Array[] = [];
    for (const c of this.chunks) {
      if (c.end <= from) continue;
      const chunkStart = c.end - c.data.byteLength;
      parts.push(from > chunkStart ? c.data.subarray(from - chunkStart) : c.data);
    }
    return Buffer.concat(parts);
  }
}

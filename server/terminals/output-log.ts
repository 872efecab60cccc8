// The recent output of one terminal as text, so `output` checks can look at what scrolled by since a step began.

/** Text kept per terminal (in characters); older output is dropped. */
export const OUTPUT_LOG_CHARS = 64 * 1024;

export class OutputLog {
  private text = '';
  /** Absolute position (in characters since the terminal started) of text[0]. */
  private start = 0;
  private readonly decoder = new TextDecoder();

  append(data: Uint8Array): void {
    this.text += this.decoder.decode(data, { stream: true });
    if (this.text.length > OUTPUT_LOG_CHARS * 2) {
      const drop = this.text.length - OUTPUT_LOG_CHARS;
      this.text = this.text.slice(drop);
      this.start += drop;
    }
  }

  /** A position to read from later: "everything printed after now". */
  mark(): number {
    return this.start + this.text.length;
  }

  /** What was printed since `mark`, as much as is still kept. */
  since(mark: number): string {
    return this.text.slice(Math.max(0, mark - this.start));
  }
}

/** Removes terminal escape sequences (CSI, OSC, charset selection) and carriage returns. */
export const stripEscapes = (s: string): string =>
  // eslint-disable-next-line no-control-regex
  s.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[=>()][0-9A-Za-z]?/g, '').replace(/\r/g, '');

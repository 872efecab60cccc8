// Reading back what a terminal printed, as text, so `output` checks can look at what scrolled by since a step began.

/** At most this much recent output is decoded for a check (in bytes): a check looks for a line, not a novel. */
export const OUTPUT_CHECK_BYTES = 64 * 1024;

/** Removes terminal escape sequences (CSI, OSC, charset selection) and carriage returns. */
export const stripEscapes = (s: string): string =>
  // eslint-disable-next-line no-control-regex
  s.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[=>()][0-9A-Za-z]?/g, '').replace(/\r/g, '');

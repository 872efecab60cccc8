// Terminal output flow control constants, shared by the browser (which acknowledges) and the server (which pauses).
//
// The pattern is VS Code's terminal flow control: the browser acknowledges bytes it has
// rendered; the server pauses the pty while more than HIGH_WATERMARK_BYTES are
// unacknowledged and resumes once that falls below LOW_WATERMARK_BYTES.

/** Pause the pty when this many output bytes are sent but not yet rendered (in bytes). */
export const HIGH_WATERMARK_BYTES = 512 * 1024;

/** Resume the pty once unacknowledged output falls below this (in bytes). */
export const LOW_WATERMARK_BYTES = 128 * 1024;

/**
 * The browser acknowledges rendered output in steps of this many bytes (in bytes).
 * Invariant: ACK_STEP_BYTES <= LOW_WATERMARK_BYTES < HIGH_WATERMARK_BYTES, or a paused
 * pty could wait forever for an acknowledgement that the browser is still holding back.
 */
export const ACK_STEP_BYTES = 32 * 1024;

if (!(ACK_STEP_BYTES <= LOW_WATERMARK_BYTES && LOW_WATERMARK_BYTES < HIGH_WATERMARK_BYTES)) {
  throw new Error('flow-control invariant broken: ACK_STEP_BYTES <= LOW_WATERMARK_BYTES < HIGH_WATERMARK_BYTES');
}

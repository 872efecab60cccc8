// A terminal as the benchmarks see it (an in-process pty or a lab terminal over socket.io), and what is measured through it.
import { nowMs, sleep } from './stats';

export type Tty = {
  write(data: string): void;
  /** Subscribes to output; returns the unsubscribe. */
  onData(listener: (data: Buffer) => void): () => void;
};

/** Resolves with the time (nowMs) of the first output chunk that `match` accepts. */
export function nextOutput(tty: Tty, match: (data: Buffer) => boolean, timeoutMs = 15_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching output within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = tty.onData((data) => {
      if (!match(data)) return;
      const at = nowMs();
      clearTimeout(timer);
      off();
      resolve(at);
    });
  });
}

/** Removes CSI, OSC and charset escape sequences. */
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[=>()][0-9A-Za-z]?/g;

/** Resolves once the output so far ends in a shell prompt (`# ` or `$ `). */
export function waitForPrompt(tty: Tty, timeoutMs = 15_000): Promise<number> {
  let text = '';
  return nextOutput(
    tty,
    (data) => {
      text = (text + data.toString('latin1')).slice(-4096);
      return /[#$] $/.test(text.replace(ESCAPES, ''));
    },
    timeoutMs,
  );
}

/** Resolves once the terminal printed nothing for `quietMs`. */
export async function waitQuiet(tty: Tty, quietMs: number): Promise<void> {
  let last = nowMs();
  const off = tty.onData(() => (last = nowMs()));
  try {
    while (nowMs() - last < quietMs) await sleep(quietMs / 3);
  } finally {
    off();
  }
}

export type EchoOptions = {
  /** Kill the line with ^U (readline unix-line-discard) after this many keystrokes. */
  clearEvery: number;
  /** Pause between keystrokes (in milliseconds); 0 types as fast as echoes come back. */
  intervalMs: number;
};

/** Types `keystrokes` printable characters one at a time; each sample is write → echo (in milliseconds). */
export async function measureEcho(tty: Tty, keystrokes: number, options: EchoOptions): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < keystrokes; i++) {
    if (i > 0 && i % options.clearEvery === 0) {
      tty.write('\x15');
      await waitQuiet(tty, 30);
    }
    const char = String.fromCharCode(97 + (i % 26));
    const code = char.charCodeAt(0);
    const echoed = nextOutput(tty, (data) => data.includes(code), 10_000);
    const sentAt = nowMs();
    tty.write(char);
    samples.push((await echoed) - sentAt);
    if (options.intervalMs > 0) await sleep(options.intervalMs * (0.5 + Math.random()));
  }
  tty.write('\x15');
  await waitQuiet(tty, 30);
  return samples;
}

export type FloodResult = { payloadBytes: number; receivedBytes: number; ms: number; mibPerS: number };

/** Has the shell print `payloadBytes` of `x` and waits for a marker after it; the time runs from Enter to the marker. */
export async function measureFlood(tty: Tty, payloadBytes: number, timeoutMs = 120_000): Promise<FloodResult> {
  const marker = Buffer.from('__FLOOD_END__');
  let receivedBytes = 0;
  let tail = Buffer.alloc(0);
  const done = nextOutput(
    tty,
    (data) => {
      receivedBytes += data.length;
      // The marker may straddle two chunks: look in the previous chunk's tail joined to this one's head.
      const seam = Buffer.concat([tail, data.subarray(0, marker.length)]);
      const found = seam.includes(marker) || data.includes(marker);
      tail = Buffer.from(data.subarray(Math.max(0, data.length - marker.length)));
      return found;
    },
    timeoutMs,
  );
  const sentAt = nowMs();
  // The quotes keep the echoed command line from containing the marker itself.
  tty.write(`head -c ${payloadBytes} /dev/zero | tr '\\0' x; echo __FLOOD""_END__\r`);
  const ms = (await done) - sentAt;
  await waitQuiet(tty, 100);
  return { payloadBytes, receivedBytes, ms, mibPerS: payloadBytes / 1024 / 1024 / (ms / 1000) };
}

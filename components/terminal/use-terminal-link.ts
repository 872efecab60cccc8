// useTerminalLink: joins an xterm to one shell of the session: open, output with acks, input, resize, exit, restart.
'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { XtermHandle } from './create-xterm';
import { OutputAcker } from '../../core/client/output-acker';
import type { OutputRouter } from '../../core/client/output-router';
import type { SessionInfo, TerminalExit } from '../../core/protocol';
import type { LabConnection } from '../connection/use-lab-socket';

export type LinkStatus =
  | { kind: 'waiting' }
  | { kind: 'opening' }
  | { kind: 'open'; terminalId: string }
  | { kind: 'exited'; exitCode: number; signal: number | null }
  /** Another tab or window took this terminal over; "use here" attaches it again. */
  | { kind: 'detached'; reason: string }
  | { kind: 'failed'; message: string };

/** Largest keystroke frame (in UTF-16 code units): at most 3 bytes of UTF-8 each, well under MAX_INPUT_BYTES. */
const INPUT_CHUNK_CHARS = 32 * 1024;

type Args = {
  xterm: XtermHandle | null;
  conn: LabConnection;
  router: OutputRouter | null;
  /** The session as last (re)opened on the live socket; a new object means the shells must be (re)opened. */
  session: SessionInfo | null;
  name: string;
};

export function useTerminalLink({ xterm, conn, router, session, name }: Args) {
  const [status, setStatus] = useState<LinkStatus>({ kind: 'waiting' });
  const [attempt, setAttempt] = useState(0);
  const terminalIdRef = useRef<string | null>(null);
  const lastTerminalId = useRef<string | null>(null);
  /** The last output byte this page rendered of `lastTerminalId` (in bytes since the shell started). */
  const lastSeq = useRef<number | null>(null);
  /** Restart means a new shell even when the session still lists one. */
  const wantFresh = useRef(false);
  const { request, stream } = conn;

  const input = useCallback(
    (data: string): boolean => {
      const terminalId = terminalIdRef.current;
      if (!terminalId || !stream) return false;
      for (const part of chunks(data)) stream.input(terminalId, part);
      return true;
    },
    [stream],
  );

  // Each (re)opening below starts from "opening": set while rendering, as React's "adjusting state when a
  // prop changes" does, keyed on what the effect depends on (`input` changes only with `stream`).
  const [openingFor, setOpeningFor] = useState<{
    xterm: XtermHandle | null;
    router: OutputRouter | null;
    session: SessionInfo | null;
    attempt: number;
    name: string;
    request: LabConnection['request'];
    stream: LabConnection['stream'];
  } | null>(null);
  if (
    openingFor === null ||
    openingFor.xterm !== xterm ||
    openingFor.router !== router ||
    openingFor.session !== session ||
    openingFor.attempt !== attempt ||
    openingFor.name !== name ||
    openingFor.request !== request ||
    openingFor.stream !== stream
  ) {
    setOpeningFor({ xterm, router, session, attempt, name, request, stream });
    if (xterm && router && session && stream) setStatus({ kind: 'opening' });
  }

  useEffect(() => {
    if (!xterm || !router || !session || !stream) return;
    const { sessionId } = session;
    const { term } = xterm;
    let cancelled = false;
    const cleanups: Array<() => void> = [];

    const cols = clampCols(term.cols);
    const rows = clampRows(term.rows);
    const running = wantFresh.current ? null : (session.terminals.find((t) => t.name === name)?.terminalId ?? null);
    wantFresh.current = false;
    // A shell already runs for this slot (reload, reconnect, another tab): attach to it. Else start one.
    const opened: Promise<{ ok: false; message: string } | { ok: true; terminalId: string; seq: number; exit: TerminalExit | null }> = running
      ? request('terminal:attach', { terminalId: running, cols, rows, lastSeq: running === lastTerminalId.current ? lastSeq.current : null }).then((reply) => {
          if (!reply.ok) return { ok: false, message: reply.error.message };
          const { replay, screen, seq, exit } = reply.value;
          // socket.io hands binary to the browser as an ArrayBuffer, whatever the server sent.
          const bytes: Uint8Array | ArrayBuffer | null = replay;
          if (bytes) term.write(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
          else {
            // The page missed too much (or is new): redraw the whole screen, scrollback included.
            term.reset();
            term.write(screen ?? '');
          }
          return { ok: true, terminalId: running, seq, exit: exit ? { terminalId: running, ...exit } : null };
        })
      : request('terminal:open', { sessionId, name, cols, rows }).then((reply) => {
          if (!reply.ok) return { ok: false, message: reply.error.message };
          // A fresh shell after an exit or a reset: keep the old text above it.
          if (lastTerminalId.current !== null) term.write('\r\n\x1b[2m── new shell ──\x1b[0m\r\n');
          return { ok: true, terminalId: reply.value.terminalId, seq: 0, exit: null };
        });

    void opened.then((reply) => {
      if (cancelled) return;
      if (!reply.ok) return setStatus({ kind: 'failed', message: reply.message });
      const { terminalId } = reply;
      lastTerminalId.current = terminalId;
      lastSeq.current = reply.seq;
      terminalIdRef.current = terminalId;
      const acker = new OutputAcker((bytes) => stream.ack(terminalId, bytes));
      cleanups.push(() => acker.dispose());
      cleanups.push(
        router.claim(terminalId, {
          output: (data, seq) => {
            // Output the attach reply already covered may still arrive once; never draw it twice.
            if (seq <= (lastSeq.current ?? 0)) return acker.rendered(data.length);
            lastSeq.current = seq;
            term.write(data, () => acker.rendered(data.length));
          },
          detached: (reason) => {
            terminalIdRef.current = null;
            setStatus({ kind: 'detached', reason });
          },
          exit: ({ exitCode, signal }) => {
            terminalIdRef.current = null;
            const how = signal ? `signal ${signal}` : `exit code ${exitCode}`;
            term.write(`\r\n\x1b[2m[shell ended: ${how}]\x1b[0m\r\n`);
            setStatus({ kind: 'exited', exitCode, signal });
          },
        }),
      );
      const sendSize = (cols: number, rows: number) => void request('terminal:resize', { terminalId, cols: clampCols(cols), rows: clampRows(rows) });
      const resizing = term.onResize(({ cols, rows }) => sendSize(cols, rows));
      cleanups.push(() => resizing.dispose());
      const typing = term.onData((data) => input(data));
      cleanups.push(() => typing.dispose());
      if (reply.exit) {
        terminalIdRef.current = null;
        setStatus({ kind: 'exited', exitCode: reply.exit.exitCode, signal: reply.exit.signal });
        return;
      }
      setStatus({ kind: 'open', terminalId });
      // The learner pressed Restart or Try again: the button is gone now, so give the keyboard to the shell.
      if (attempt > 0) term.focus();
    });

    return () => {
      cancelled = true;
      terminalIdRef.current = null;
      for (const cleanup of cleanups.reverse()) cleanup();
    };
  }, [xterm, router, session, attempt, name, request, stream, input]);

  /** Open a fresh shell after an exit, or try again after a failed open. */
  const restart = useCallback(() => {
    wantFresh.current = true;
    setAttempt((n) => n + 1);
  }, []);
  /** Take the terminal back after another tab took it (attaches again, replaying what was missed). */
  const reclaim = useCallback(() => setAttempt((n) => n + 1), []);
  return { status, input, restart, reclaim };
}

function* chunks(data: string): Generator<string> {
  for (let start = 0; start < data.length;) {
    let end = Math.min(start + INPUT_CHUNK_CHARS, data.length);
    // Never split a surrogate pair across two messages.
    if (end < data.length && /[\uD800-\uDBFF]/.test(data.charAt(end - 1))) end -= 1;
    yield data.slice(start, end);
    start = end;
  }
}

// Bounds of the wire contract's Cols/Rows (core/protocol): a tiny pane must not make the request invalid.
const clampCols = (cols: number) => Math.min(1000, Math.max(2, cols));
const clampRows = (rows: number) => Math.min(500, Math.max(1, rows));

// Terminal requests (open, attach after a reload, close, resize, the socket.io fallback) and the stream's frames (keystrokes, flow-control acks) by either transport.
import { err, ok } from '../../core/result';
import { PUSH, StreamFrameError, decodePageFrame, wireError, type PageFrame, type WireError } from '../../core/protocol';
import type { LabDeps, Page } from './lab-deps';

/** What a failing frame handler is logged as, by frame kind. */
const FRAME_WHAT: Record<PageFrame['kind'], string> = { input: 'terminal stream input', ack: 'terminal stream ack' };

export function registerTerminalHandlers(page: Page, deps: LabDeps): void {
  const { sessions } = deps;
  const { edge } = page;
  const noTerminal = () => wireError('not_found', 'that terminal does not exist any more (it may have ended); reload the page');
  /**
   * Keystrokes and acks are the hot path: remember where each terminal of this page lives
   * instead of searching the learner's sessions per message. A stale entry (closed terminal,
   * ended session) is noticed and looked up again.
   */
  const known = new Map<string, NonNullable<ReturnType<typeof sessions.findTerminal>>>();
  const lookup = (terminalId: string) => {
    const hit = known.get(terminalId);
    if (hit && hit.session.terminals.get(terminalId) === hit.terminal) return hit;
    const found = sessions.findTerminal(page.owner, terminalId);
    if (found) known.set(terminalId, found);
    else known.delete(terminalId);
    return found;
  };

  edge.onRequest('terminal:open', async ({ sessionId, name, cols, rows }) => {
    const session = sessions.get(page.owner, sessionId);
    if (!session) return err(wireError('not_found', `session ${sessionId} does not exist (it may have ended); reload the page`));
    const opened = await session.openTerminal(name, { cols, rows }, (id) => page.sinkFor(id));
    if (!opened.ok) return opened;
    const terminalId = opened.value.terminal.id;
    if (opened.value.revived) {
      edge.notice(wireError('machine_failed', 'every process of your sandbox had ended, so the lab started a fresh sandbox; files you made there are gone'), 'warning');
    }
    return ok({ terminalId, name });
  });

  edge.onRequest('terminal:attach', async ({ terminalId, cols, rows, lastSeq }) => {
    const found = sessions.findTerminal(page.owner, terminalId);
    if (!found) return err(noTerminal());
    found.session.touch();
    found.terminal.resize(cols, rows);
    const attached = await found.terminal.attach(page.sinkFor(terminalId), lastSeq);
    return ok({ ...attached, name: found.terminal.name });
  });

  edge.onRequest('terminal:close', ({ terminalId }) => {
    const found = sessions.findTerminal(page.owner, terminalId);
    if (!found) return err(noTerminal());
    found.session.terminals.close(terminalId);
    page.sinks.delete(terminalId);
    return ok(null);
  });

  // Behind a proxy that refuses WebSocket upgrades the same frames travel as socket.io events.
  edge.onRequest('terminal:fallback', () => {
    if (!page.stream.useSocketIo((frame) => page.socket.emit(PUSH.terminalFrame, frame))) {
      return err(wireError('bad_request', "this page's terminal stream is connected already; its frames travel there"));
    }
    return ok(null);
  });

  edge.onRequest('terminal:resize', ({ terminalId, cols, rows }) => {
    const found = sessions.findTerminal(page.owner, terminalId);
    if (!found) return err(noTerminal());
    found.terminal.resize(cols, rows);
    return ok(null);
  });

  const onFrame = (frame: PageFrame): WireError | void => {
    if (frame.kind === 'input') {
      const found = lookup(frame.terminalId);
      if (!found && page.readOnly.has(frame.terminalId)) return wireError('forbidden', 'this terminal is shown read-only; only its learner types into it');
      if (!found) return noTerminal();
      found.terminal.write(frame.data);
      return;
    }
    // Only the attached page's acknowledgements count; an ack may also race a terminal's exit.
    const sink = page.sinks.get(frame.terminalId);
    const found = sink ? lookup(frame.terminalId) : undefined;
    if (sink && found?.terminal.isAttachedTo(sink)) found.terminal.acknowledge(frame.bytes);
  };

  // The hot path: no zod here, and nothing made per frame but the frame itself, the frame format is checked by decodePageFrame; a bad frame gets a notice and nothing else.
  page.stream.onProblem = (message) => edge.notice(wireError('bad_request', `terminal stream: ${message}`));
  // The fallback's frames arrive as socket.io messages (their payload checked by the edge) and go the same way.
  edge.onMessage('terminal:frame', (frame) => {
    if (!page.stream.receive(frame)) return wireError('bad_request', 'terminal frames travel on the terminal stream unless the page asked for terminal:fallback; reload the page');
  });
  page.stream.onFrame = (bytes) => {
    let frame: PageFrame;
    try {
      frame = decodePageFrame(bytes);
    } catch (e) {
      if (!(e instanceof StreamFrameError)) throw e;
      return edge.notice(wireError('bad_request', `terminal stream: ${e.message}`));
    }
    edge.handle(FRAME_WHAT[frame.kind], onFrame, frame);
  };
}

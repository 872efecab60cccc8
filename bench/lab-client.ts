// A client of the lab as a browser page opens it (socket.io and the terminal stream): one learner, one lesson session, one terminal it acknowledges at once.
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION, type ClientToServerEvents, type Reply, type ReplyOf, type RequestName, type RequestOf, type ServerToClientEvents } from '../core/protocol';
import { OutputAcker } from '../core/client/output-acker';
import { TerminalStream, newStreamKey, streamUrl, type StreamSocket } from '../core/client/terminal-stream';
import { nowMs } from './stats';
import { nextOutput, waitForPrompt, type Tty } from './tty';

type LabSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A new anonymous learner: sessions are per learner and lesson, and a learner may hold only a few. */
export const newLearnerCookie = (): string => `nslab_learner=${randomBytes(18).toString('base64url')}`;

export async function request<E extends RequestName>(socket: LabSocket, event: E, payload: RequestOf<E>): Promise<ReplyOf<E>> {
  const timed = socket.timeout(60_000) as unknown as { emitWithAck(e: string, p: unknown): Promise<Reply<ReplyOf<E>>> };
  const reply = await timed.emitWithAck(event, payload);
  if (!reply.ok) throw new Error(`${event} failed: ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

export type OpenTimings = {
  /** session:open round trip (in milliseconds): the sandbox and the lesson's setup. */
  sessionOpenMs: number;
  /** terminal:open sent → first output byte of the shell (in milliseconds). */
  terminalFirstByteMs: number;
  /** session:open sent → first output byte (in milliseconds): what the learner waits for. */
  totalMs: number;
};

export class LabTerminal implements Tty {
  private readonly listeners = new Set<(data: Buffer) => void>();
  private terminalId: string | null = null;
  sessionId: string | null = null;
  /** One per terminal, as the page has: acknowledgements go out in the page's steps. */
  private readonly ackers = new Map<string, OutputAcker>();

  private constructor(
    readonly socket: LabSocket,
    readonly stream: TerminalStream,
  ) {
    stream.onOutput(({ terminalId, data }) => {
      const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      // Counted as rendered at once, like a page whose renderer keeps up with anything.
      this.ackerFor(terminalId).rendered(buffer.byteLength);
      for (const l of [...this.listeners]) l(buffer);
    });
  }

  private ackerFor(terminalId: string): OutputAcker {
    let acker = this.ackers.get(terminalId);
    if (!acker) {
      acker = new OutputAcker((bytes) => this.stream.ack(terminalId, bytes));
      this.ackers.set(terminalId, acker);
    }
    return acker;
  }

  /**
   * `transport`: the terminal stream (`direct`, the default) or its socket.io fallback, with socket.io
   * itself on a WebSocket (`socket.io`) or long-polling (`socket.io-polling`, as behind a proxy that refuses upgrades).
   */
  static async connect(origin: string, cookie = newLearnerCookie(), transport: 'direct' | 'socket.io' | 'socket.io-polling' = 'direct'): Promise<LabTerminal> {
    const headers = { origin, cookie };
    const streamKey = newStreamKey();
    const socket: LabSocket = io(origin, {
      transports: [transport === 'socket.io-polling' ? 'polling' : 'websocket'],
      extraHeaders: headers,
      auth: { protocolVersion: PROTOCOL_VERSION, streamKey },
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (e) => reject(e));
    });
    const stream = new TerminalStream((url) => new WebSocket(url, { headers }) as unknown as StreamSocket);
    if (transport === 'direct') await stream.open(streamUrl(origin, streamKey));
    else await stream.openViaSocketIo(socket, 'forced');
    return new LabTerminal(socket, stream);
  }

  /** Opens the lesson's session and its first terminal, and waits for the prompt. */
  async open(lesson = 'uts'): Promise<OpenTimings> {
    const startedAt = nowMs();
    const session = await request(this.socket, 'session:open', { lesson });
    const sessionOpenedAt = nowMs();
    this.sessionId = session.sessionId;
    const firstByte = nextOutput(this, () => true, 60_000);
    const prompt = waitForPrompt(this, 60_000);
    const { terminalId } = await request(this.socket, 'terminal:open', { sessionId: session.sessionId, name: session.terminals[0]!.name, cols: 100, rows: 30 });
    this.terminalId = terminalId;
    const firstByteAt = await firstByte;
    await prompt;
    return { sessionOpenMs: sessionOpenedAt - startedAt, terminalFirstByteMs: firstByteAt - sessionOpenedAt, totalMs: firstByteAt - startedAt };
  }

  write(data: string): void {
    if (!this.terminalId) throw new Error('no terminal open');
    this.stream.input(this.terminalId, data);
  }

  onData(listener: (data: Buffer) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** check:run round trip for one step (in milliseconds). */
  async checkMs(stepId: string): Promise<number> {
    const startedAt = nowMs();
    await request(this.socket, 'check:run', { sessionId: this.sessionId!, stepId });
    return nowMs() - startedAt;
  }

  async closeSession(): Promise<void> {
    if (this.sessionId) await request(this.socket, 'session:close', { sessionId: this.sessionId });
    this.sessionId = null;
    this.terminalId = null;
    for (const acker of this.ackers.values()) acker.dispose();
    this.ackers.clear();
  }

  disconnect(): void {
    this.listeners.clear();
    for (const acker of this.ackers.values()) acker.dispose();
    this.ackers.clear();
    this.stream.close();
    this.socket.disconnect();
  }
}

// The page's terminal stream: a plain WebSocket beside socket.io carrying terminal output and exits in, keystrokes and acks out.
import {
  STREAM_PATH,
  StreamFrameError,
  decodeServerFrame,
  encodeAck,
  encodeInputText,
  frameBytes,
  type TerminalExit,
  type TerminalOutput,
} from '../../core/protocol';

/**
 * The part of a WebSocket the stream uses: the browser's own, or the `ws` package's in Node (tests,
 * the benchmark). Both fit; their handler types name their own event classes, hence the casts.
 */
export type StreamSocket = {
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
};

/**
 * Makes the WebSocket for a stream URL (`ws://host/terminal-stream?key=…`), delivering binary
 * messages as ArrayBuffers (a browser's `binaryType = 'arraybuffer'`) or Buffers (`ws` in Node).
 */
export type StreamSocketFactory = (url: string) => StreamSocket;

const OPEN = 1;

/** A fresh random key for one socket.io handshake: 18 random bytes, base64url (24 characters). */
export function newStreamKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}

/** The stream's URL on the lab at `origin` (`http(s)://host:port`). */
export const streamUrl = (origin: string, key: string): string => `${origin.replace(/^http/, 'ws')}${STREAM_PATH}?key=${encodeURIComponent(key)}`;

/**
 * One per socket.io client, reopened on every (re)connect with that handshake's key; listeners
 * stay across reopenings. Keystrokes and acks sent while it is not open are dropped, as socket.io
 * messages were: buffered keystrokes would reach a shell the learner no longer sees.
 */
export class TerminalStream {
  private socket: StreamSocket | null = null;
  private readonly outputListeners = new Set<(output: TerminalOutput) => void>();
  private readonly exitListeners = new Set<(exit: TerminalExit) => void>();
  /** The open stream closed by itself (not through `close`): the page must reconnect. */
  onLost: () => void = () => {};

  constructor(private readonly makeSocket: StreamSocketFactory) {}

  private get isOpen(): boolean {
    return this.socket?.readyState === OPEN;
  }

  /** Opens the stream named by `key` (closing any earlier one); resolves once open, rejects when refused or broken. */
  open(url: string): Promise<void> {
    this.close();
    const socket = this.makeSocket(url);
    this.socket = socket;
    return new Promise((resolve, reject) => {
      let opened = false;
      socket.onopen = () => {
        opened = true;
        resolve();
      };
      socket.onmessage = (event) => this.receive(event.data);
      socket.onerror = () => {
        // A close event follows; that is where the stream is reported lost.
      };
      socket.onclose = () => {
        if (this.socket !== socket) return;
        this.socket = null;
        if (!opened) return reject(new Error('the lab server refused the terminal stream'));
        this.onLost();
      };
    });
  }

  input(terminalId: string, text: string): void {
    if (this.isOpen) this.socket!.send(encodeInputText(terminalId, text));
  }

  ack(terminalId: string, bytes: number): void {
    if (this.isOpen) this.socket!.send(encodeAck(terminalId, bytes));
  }

  onOutput(listener: (output: TerminalOutput) => void): () => void {
    this.outputListeners.add(listener);
    return () => void this.outputListeners.delete(listener);
  }

  onExit(listener: (exit: TerminalExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => void this.exitListeners.delete(listener);
  }

  /** Closes the stream without reporting it lost (the page is disconnecting or leaving). */
  close(): void {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    socket.close();
  }

  private receive(message: unknown): void {
    const bytes = frameBytes(message);
    if (!bytes) return console.error('terminal stream: a text message where a binary frame belongs');
    try {
      const frame = decodeServerFrame(bytes);
      if (frame.kind === 'output') for (const l of this.outputListeners) l({ terminalId: frame.terminalId, seq: frame.seq, data: frame.data });
      else for (const l of this.exitListeners) l({ terminalId: frame.terminalId, exitCode: frame.exitCode, signal: frame.signal });
    } catch (e) {
      if (!(e instanceof StreamFrameError)) throw e;
      console.error(`terminal stream: ${e.message}`);
    }
  }
}

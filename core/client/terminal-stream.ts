// The page's terminal stream: a plain WebSocket beside socket.io (or, where that cannot connect, socket.io events) carrying terminal output and exits in, keystrokes and acks out.
import {
  STREAM_PATH,
  StreamFrameError,
  decodeServerFrame,
  encodeAck,
  encodeInputText,
  frameBytes,
  type FallbackReason,
  type TerminalExit,
  type TerminalOutput,
  type TerminalTransport,
} from '../protocol';
import { host } from '../host';
import type { FallbackSocket } from './page-socket';
import { openSocketIoCarrier, type SocketIoCarrier } from './terminal-stream/socket-io-carrier';

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

/**
 * A stream not open after this long counts as refused (in milliseconds): a proxy may hold an upgrade
 * request unanswered instead of refusing it, and the page then falls back to socket.io.
 */
export const STREAM_OPEN_TIMEOUT_MS = 10_000;

/** A fresh random key for one socket.io handshake: 18 random bytes, base64url (24 characters). */
export function newStreamKey(): string {
  const bytes = host.crypto.getRandomValues(new Uint8Array(18));
  return host
    .btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/** The stream's URL on the lab at `origin` (`http(s)://host:port`). */
export const streamUrl = (origin: string, key: string): string => `${origin.replace(/^http/, 'ws')}${STREAM_PATH}?key=${encodeURIComponent(key)}`;

/**
 * One per socket.io client, reopened on every (re)connect with that handshake's key, directly (a
 * WebSocket, `open`) or on the socket.io connection itself (`openViaSocketIo`); the frames, and so
 * sequence numbers, acks and replay, are the same either way. Listeners stay across reopenings.
 * Keystrokes and acks sent while it is not open are dropped, as socket.io messages were: buffered
 * keystrokes would reach a shell the learner no longer sees.
 */
export class TerminalStream {
  private socket: StreamSocket | null = null;
  private fallback: SocketIoCarrier | null = null;
  /** How the open stream travels; null while it is not open. */
  transport: TerminalTransport | null = null;
  /** Counts closings, so a carrier still opening knows it was closed (or replaced) meanwhile. */
  private opened = 0;
  private readonly outputListeners = new Set<(output: TerminalOutput) => void>();
  private readonly exitListeners = new Set<(exit: TerminalExit) => void>();
  /** The open stream closed by itself (not through `close`): the page must reconnect. */
  onLost: () => void = () => {};

  constructor(private readonly makeSocket: StreamSocketFactory) {}

  /** Sends one frame the way the stream is open, or drops it while it is not. */
  private send(frame: Uint8Array): void {
    if (this.socket?.readyState === OPEN) this.socket.send(frame);
    else if (this.fallback?.isOpen) this.fallback.send(frame);
  }

  /**
   * Opens the stream at `url` (closing any earlier one); resolves once open, rejects when refused,
   * broken, or not open within STREAM_OPEN_TIMEOUT_MS.
   */
  open(url: string): Promise<void> {
    this.close();
    const socket = this.makeSocket(url);
    this.socket = socket;
    return new Promise((resolve, reject) => {
      let opened = false;
      const timer = host.setTimeout(() => {
        if (this.socket !== socket) return;
        this.close();
        reject(new Error(`the terminal stream did not open within ${STREAM_OPEN_TIMEOUT_MS / 1000} s`));
      }, STREAM_OPEN_TIMEOUT_MS);
      socket.onopen = () => {
        host.clearTimeout(timer);
        opened = true;
        this.transport = 'direct';
        resolve();
      };
      socket.onmessage = (event) => this.receive(event.data);
      socket.onerror = () => {
        // A close event follows; that is where the stream is reported lost.
      };
      socket.onclose = () => {
        host.clearTimeout(timer);
        if (this.socket !== socket) return;
        this.socket = null;
        this.transport = null;
        if (!opened) return reject(new Error('the lab server refused the terminal stream'));
        this.onLost();
      };
    });
  }

  /**
   * Opens the stream on `socket` itself (closing any earlier one), for as long as that connection
   * lives: when it drops, the page reconnects and opens the stream again. Rejects when the server
   * refuses (its stream is connected already) or does not answer.
   */
  async openViaSocketIo(socket: FallbackSocket, reason: FallbackReason): Promise<void> {
    this.close();
    const opening = this.opened;
    const carrier = await openSocketIoCarrier(socket, reason, (message) => {
      if (this.opened === opening) this.receive(message);
    });
    // Closed (or reopened) while the server answered: this carrier is not wanted any more.
    if (this.opened !== opening || !socket.connected) {
      carrier.close();
      throw new Error('the terminal stream was closed while it opened');
    }
    this.fallback = carrier;
    this.transport = 'socket.io';
  }

  input(terminalId: string, text: string): void {
    this.send(encodeInputText(terminalId, text));
  }

  ack(terminalId: string, bytes: number): void {
    this.send(encodeAck(terminalId, bytes));
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
    this.opened++;
    this.transport = null;
    this.fallback?.close();
    this.fallback = null;
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    socket.close();
  }

  private receive(message: unknown): void {
    const bytes = frameBytes(message);
    if (!bytes) return host.console.error('terminal stream: a text message where a binary frame belongs');
    try {
      const frame = decodeServerFrame(bytes);
      if (frame.kind === 'output') for (const l of this.outputListeners) l({ terminalId: frame.terminalId, seq: frame.seq, data: frame.data });
      else for (const l of this.exitListeners) l({ terminalId: frame.terminalId, exitCode: frame.exitCode, signal: frame.signal });
    } catch (e) {
      if (!(e instanceof StreamFrameError)) throw e;
      host.console.error(`terminal stream: ${e.message}`);
    }
  }
}

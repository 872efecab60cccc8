// Drives one lab terminal over socket.io like the browser does: open, type, wait for output, acknowledge, resize.
import type { Reply, ReplyOf, RequestName, RequestOf, SessionInfo } from '../../core/protocol';
import type { LabClient } from './lab';
import { waitUntil } from './wait';

export async function request<E extends RequestName>(client: LabClient, event: E, payload: RequestOf<E>): Promise<Reply<ReplyOf<E>>> {
  const timed = client.timeout(20_000) as unknown as { emitWithAck(e: string, p: unknown): Promise<Reply<ReplyOf<E>>> };
  return timed.emitWithAck(event, payload);
}

export async function requestOk<E extends RequestName>(client: LabClient, event: E, payload: RequestOf<E>): Promise<ReplyOf<E>> {
  const reply = await request(client, event, payload);
  if (!reply.ok) throw new Error(`${event} failed: ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

export class TerminalClient {
  private text = '';
  exit: { exitCode: number; signal: number | null } | null = null;

  private constructor(
    readonly client: LabClient,
    readonly session: SessionInfo,
    readonly terminalId: string,
  ) {
    client.stream.onOutput(({ terminalId, data }) => {
      if (terminalId !== this.terminalId) return;
      this.text += Buffer.from(data).toString('utf8');
      client.stream.ack(terminalId, data.byteLength);
    });
    client.stream.onExit((e) => {
      if (e.terminalId === this.terminalId) this.exit = e;
    });
  }

  static async open(client: LabClient, lesson = 'uts', name?: string, size = { cols: 100, rows: 30 }): Promise<TerminalClient> {
    const session = await requestOk(client, 'session:open', { lesson });
    const terminalName = name ?? session.terminals[0]!.name;
    const { terminalId } = await requestOk(client, 'terminal:open', { sessionId: session.sessionId, name: terminalName, ...size });
    const terminal = new TerminalClient(client, session, terminalId);
    await terminal.waitFor(/[#$] $/);
    return terminal;
  }

  /** Drives a terminal the test opened itself (its output from now on). */
  static of(client: LabClient, session: SessionInfo, terminalId: string): TerminalClient {
    return new TerminalClient(client, session, terminalId);
  }

  /** Opens a new terminal of the same session under `name` (e.g. "restart shell" after an exit). */
  static async reopen(previous: TerminalClient, name: string, size = { cols: 100, rows: 30 }): Promise<TerminalClient> {
    const { terminalId } = await requestOk(previous.client, 'terminal:open', { sessionId: previous.session.sessionId, name, ...size });
    const terminal = new TerminalClient(previous.client, previous.session, terminalId);
    await terminal.waitFor(/[#$] $/);
    return terminal;
  }

  get output(): string {
    return stripAnsi(this.text);
  }

  type(data: string): void {
    this.client.stream.input(this.terminalId, data);
  }

  /** Types a command, waits for a unique marker after it, and returns what the command printed. */
  async run(command: string, timeoutMs = 15_000): Promise<string> {
    const marker = `__done_${Math.random().toString(36).slice(2, 10)}__`;
    const from = this.text.length;
    this.type(`${command}; echo ${marker.slice(0, 6)}""${marker.slice(6)}\r`);
    await this.waitFor(new RegExp(`${marker}\\r?\\n`), timeoutMs, from);
    const all = this.text.slice(from);
    // Start after the echoed command line (the previous prompt may still arrive after `from`).
    const echoed = all.indexOf(`${marker.slice(0, 6)}""`);
    const body = all.slice(all.indexOf('\n', echoed) + 1, all.lastIndexOf(marker));
    return stripAnsi(body).replace(/\r/g, '');
  }

  waitFor(pattern: RegExp, timeoutMs = 15_000, from = 0): Promise<void> {
    return waitUntil(
      () => pattern.test(stripAnsi(this.text.slice(from))),
      () => `${pattern}; output so far:\n${this.text.slice(-2000)}`,
      timeoutMs,
    );
  }
}

/** Removes CSI and OSC escape sequences. */
export const stripAnsi = (s: string): string =>
  // eslint-disable-next-line no-control-regex
  s.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[=>()][0-9A-Za-z]?/g, '');

// Terminal I/O as socket.io events over long-polling (where WebSockets are blocked): typing, resize, acks, and reattach with replay lose nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { streamUrl } from '../../core/client/terminal-stream';
import { HIGH_WATERMARK_BYTES } from '../../core/flow-control';
import { encodeInput, type SessionInfo } from '../../core/protocol';
import { blockedWriting } from '../support/blocked-writing';
import { connectClient, newLearnerCookie, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { request, requestOk, stripAnsi } from '../support/terminal-client';
import { waitUntil } from '../support/wait';
import { stringMatching } from '../support/matchers';

/**
 * A page whose terminal I/O travels on socket.io: everything its terminals printed, and a check
 * that the frames' sequence numbers run on without a gap or an overlap.
 */
class FallbackPage {
  readonly text = new Map<string, string>();
  readonly lastSeq = new Map<string, number>();
  readonly seqProblems: string[] = [];
  /** Where each terminal's first frame on this page started (in bytes of output). */
  private readonly firstFrameFrom = new Map<string, number>();
  received = 0;
  autoAck = true;
  readonly notices: string[] = [];

  private constructor(readonly client: LabClient) {
    client.stream.onOutput(({ terminalId, seq, data }) => {
      const before = this.lastSeq.get(terminalId);
      if (before === undefined) this.firstFrameFrom.set(terminalId, seq - data.byteLength);
      else if (seq !== before + data.byteLength) this.seqProblems.push(`${terminalId}: ${before} + ${data.byteLength} ≠ ${seq}`);
      this.text.set(terminalId, (this.text.get(terminalId) ?? '') + Buffer.from(data).toString('utf8'));
      this.lastSeq.set(terminalId, seq);
      this.received += data.byteLength;
      if (this.autoAck) client.stream.ack(terminalId, data.byteLength);
    });
    client.on('server:notice', (n) => this.notices.push(`${n.error.code}: ${n.error.message}`));
  }

  static async open(lab: TestLab, cookie = newLearnerCookie()): Promise<FallbackPage> {
    const client = connectClient(lab, { cookie, terminalTransport: 'socket.io' });
    await whenConnected(client);
    expect(client.stream.transport).toBe('socket.io');
    // The point of the fallback: socket.io itself is long-polling, no WebSocket anywhere.
    expect(client.io.engine.transport.name).toBe('polling');
    return new FallbackPage(client);
  }

  /**
   * Continues from where an earlier page of the same learner stopped (a reload), given the attach
   * reply. Live output may have come in before the reply was handled (one polling response can
   * carry both): it follows the replay, and must start where the reply's `seq` ends.
   */
  resumeFrom(terminalId: string, seq: number, replay: Uint8Array | null): void {
    const early = this.firstFrameFrom.get(terminalId);
    if (early === undefined) this.lastSeq.set(terminalId, seq);
    else if (early !== seq) this.seqProblems.push(`${terminalId}: live output from ${early}, the reply ends at ${seq}`);
    if (replay) this.text.set(terminalId, Buffer.from(replay).toString('utf8') + (this.text.get(terminalId) ?? ''));
  }

  output(terminalId: string): string {
    return stripAnsi(this.text.get(terminalId) ?? '').replace(/\r/g, '');
  }

  type(terminalId: string, data: string): void {
    this.client.stream.input(terminalId, data);
  }

  async waitFor(terminalId: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    await waitUntil(() => pattern.test(this.output(terminalId)), `${pattern} in the terminal; it shows:\n${this.output(terminalId).slice(-1500)}`, timeoutMs);
    return this.output(terminalId);
  }
}

async function openLesson(page: FallbackPage): Promise<{ session: SessionInfo; terminalId: string }> {
  const session = await requestOk(page.client, 'session:open', { lesson: 'uts' });
  const { terminalId } = await requestOk(page.client, 'terminal:open', { sessionId: session.sessionId, name: session.terminals[0]!.name, cols: 100, rows: 30 });
  await page.waitFor(terminalId, /[#$] $/);
  return { session, terminalId };
}

describe('terminal I/O over socket.io (the fallback)', () => {
  let lab: TestLab;
  const pages: FallbackPage[] = [];
  const openPage = async (cookie?: string) => {
    const page = await FallbackPage.open(lab, cookie);
    pages.push(page);
    return page;
  };
  beforeAll(async () => {
    lab = await startTestLab();
  });
  afterAll(async () => {
    for (const page of pages) page.client.close();
    await lab?.dispose();
  });

  it('types, reads and resizes a real shell', async () => {
    const page = await openPage();
    const { terminalId } = await openLesson(page);
    page.type(terminalId, 'echo fall-$((40+2))-back\r');
    await page.waitFor(terminalId, /^fall-42-back$/m);
    await requestOk(page.client, 'terminal:resize', { terminalId, cols: 132, rows: 41 });
    page.type(terminalId, 'stty size\r');
    await page.waitFor(terminalId, /^41 132$/m);
    // Keystrokes bigger than one frame (a paste) arrive whole, in order.
    const pasted = 'p'.repeat(3000);
    page.type(terminalId, `echo ${pasted} | wc -c\r`);
    await page.waitFor(terminalId, /^3001$/m);
    expect(page.seqProblems).toEqual([]);
    expect(page.notices).toEqual([]);
  });

  it('carries the acks: output pauses without them and a 4 MB flood completes with them', async () => {
    const page = await openPage();
    const { terminalId } = await openLesson(page);
    page.autoAck = false;
    const terminal = lab.server.sessions
      .everyone()
      .map((s) => s.terminals.get(terminalId))
      .find((t) => t !== undefined)!;
    const from = page.received;
    page.type(terminalId, "head -c 4000000 /dev/zero | tr '\\0' x; echo; echo flood-''done\r");
    await waitUntil(() => page.received - from >= HIGH_WATERMARK_BYTES, 'output up to the high watermark');
    // The server stopped reading the pty: the kernel holds the flood's writer in write(2) with the pty's buffer full.
    await waitUntil(() => blockedWriting(terminal.pid, 'tr'), '`tr` to block in write(2)', 10_000);
    // Paused above the high watermark: at most one more coalesced read got through, the flood is far from done.
    expect(page.received - from).toBeLessThan(HIGH_WATERMARK_BYTES + 256 * 1024);
    expect(page.output(terminalId)).not.toMatch(/^flood-done$/m);
    // Acknowledged over socket.io, the rest flows.
    page.autoAck = true;
    page.client.stream.ack(terminalId, page.received - from);
    await page.waitFor(terminalId, /^flood-done$/m, 60_000);
    expect(page.output(terminalId).match(/x/g)!.length).toBeGreaterThanOrEqual(4_000_000);
    expect(page.seqProblems).toEqual([]);
  });

  it('reattaches a reloaded page with the replay: every byte exactly once', async () => {
    const cookie = newLearnerCookie();
    const first = await openPage(cookie);
    const { terminalId } = await openLesson(first);
    const before = first.output(terminalId).length;
    first.type(terminalId, "for i in $(seq 1 3000); do echo line-$i; [ $((i % 100)) = 0 ] && sleep 0.05; done; echo 'all''done'\r");
    await first.waitFor(terminalId, /^line-300$/m);
    first.client.disconnect();
    const seen = first.text.get(terminalId)!;
    const lastSeq = first.lastSeq.get(terminalId)!;

    const second = await openPage(cookie);
    await requestOk(second.client, 'session:open', { lesson: 'uts' });
    const attached = await requestOk(second.client, 'terminal:attach', { terminalId, cols: 100, rows: 30, lastSeq });
    expect(attached.replay).not.toBeNull();
    second.resumeFrom(terminalId, attached.seq, attached.replay);
    await second.waitFor(terminalId, /^alldone$/m, 60_000);
    const all = stripAnsi(seen + second.text.get(terminalId)!)
      .replace(/\r/g, '')
      .slice(before);
    const lines = all.split('\n').filter((l) => /^line-\d+$/.test(l));
    expect(lines).toHaveLength(3000);
    expect(lines.every((l, i) => l === `line-${i + 1}`)).toBe(true);
    expect(second.seqProblems).toEqual([]);

    // And a page that lost its place gets the screen back, then the same shell.
    second.type(terminalId, 'echo pid-$$\r');
    const pid = /^pid-(\d+)$/m.exec(await second.waitFor(terminalId, /^pid-\d+$/m))![1];
    second.client.disconnect();
    const third = await openPage(cookie);
    await requestOk(third.client, 'session:open', { lesson: 'uts' });
    const screen = await requestOk(third.client, 'terminal:attach', { terminalId, cols: 100, rows: 30, lastSeq: null });
    expect(screen.screen).toContain(`pid-${pid}`);
    third.resumeFrom(terminalId, screen.seq, null);
    third.type(terminalId, 'echo again-$$\r');
    await third.waitFor(terminalId, new RegExp(`^again-${pid}$`, 'm'));
  });

  it('keeps one transport per connection and answers bad frames with a notice', async () => {
    // A page on the fallback: its stream key is taken, no WebSocket may join it.
    const cookie = newLearnerCookie();
    const page = await openPage(cookie);
    const origin = lab.server.origin;
    const refusal = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const ws = new WebSocket(streamUrl(origin, page.client.streamKey), { headers: { origin, cookie } });
      ws.once('open', () => reject(new Error('a WebSocket joined a stream that travels on socket.io')));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.once('error', reject);
    });
    expect(refusal).toMatchObject({ status: 403, body: stringMatching(/already in use/) });

    const emitRaw = (event: string, payload: unknown) => (page.client.emit as unknown as (e: string, p: unknown) => void)(event, payload);
    emitRaw('terminal:frame', 'not binary');
    emitRaw('terminal:frame', Uint8Array.of(0x7f, 1, 65));
    await waitUntil(() => page.notices.length >= 2, 'two notices');
    expect(page.notices).toEqual([stringMatching(/^bad_request: terminal:frame: .*binary/), stringMatching(/^bad_request: terminal stream: unknown frame kind/)]);

    // A page on the direct stream cannot also send frames over socket.io, nor switch.
    const direct = connectClient(lab);
    await whenConnected(direct);
    const notices: string[] = [];
    direct.on('server:notice', (n) => notices.push(`${n.error.code}: ${n.error.message}`));
    (direct.emit as unknown as (e: string, p: unknown) => void)('terminal:frame', encodeInput('t1', Buffer.from('ls\r')));
    await waitUntil(() => notices.length >= 1, 'a notice');
    expect(notices[0]).toMatch(/^bad_request: terminal frames travel on the terminal stream/);
    expect(await request(direct, 'terminal:fallback', { reason: 'forced' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    direct.close();

    // Still serving the fallback page.
    const { terminalId } = await openLesson(page);
    page.type(terminalId, 'echo still-$((6*7))\r');
    await page.waitFor(terminalId, /^still-42$/m);
  });
});

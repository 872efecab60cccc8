// Sessions outlive their pages: reattach with the screen and every byte, flow control under a flood, reset, limits, idle reaping.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIGH_WATERMARK_BYTES } from '../../core/flow-control';
import type { SessionInfo, TerminalAttached } from '../../core/protocol';
import { blockedWriting } from '../support/blocked-writing';
import { connectClient, newLearnerCookie, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { requestOk, request, stripAnsi } from '../support/terminal-client';
import { waitUntil } from '../support/wait';
import { stringMatching } from '../support/matchers';

/** A page of one learner: its socket and everything its terminals printed, by terminal id. */
class Page {
  readonly text = new Map<string, string>();
  readonly lastSeq = new Map<string, number>();
  autoAck = true;
  private constructor(readonly client: LabClient) {
    client.stream.onOutput(({ terminalId, seq, data }) => {
      this.text.set(terminalId, (this.text.get(terminalId) ?? '') + Buffer.from(data).toString('utf8'));
      this.lastSeq.set(terminalId, seq);
      if (this.autoAck) client.stream.ack(terminalId, data.byteLength);
    });
  }
  static async open(lab: TestLab, cookie: string): Promise<Page> {
    const client = connectClient(lab, { cookie });
    await whenConnected(client);
    return new Page(client);
  }
  output(terminalId: string): string {
    return stripAnsi(this.text.get(terminalId) ?? '').replace(/\r/g, '');
  }
  type(terminalId: string, data: string): void {
    this.client.stream.input(terminalId, data);
  }
  async waitFor(terminalId: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    await waitUntil(
      () => pattern.test(this.output(terminalId)),
      () => `${pattern}:\n${this.output(terminalId).slice(-1500)}`,
      timeoutMs,
    );
    return this.output(terminalId);
  }
  close(): void {
    this.client.close();
  }
}

async function openLesson(page: Page): Promise<{ session: SessionInfo; terminalId: string }> {
  const session = await requestOk(page.client, 'session:open', { lesson: 'uts' });
  const slot = session.terminals[0]!;
  if (slot.terminalId) return { session, terminalId: slot.terminalId };
  const { terminalId } = await requestOk(page.client, 'terminal:open', { sessionId: session.sessionId, name: slot.name, cols: 100, rows: 30 });
  await page.waitFor(terminalId, /[#$] $/);
  return { session, terminalId };
}

describe('sessions that survive', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab();
  });
  afterAll(async () => lab?.dispose());

  it('reattaches a reloaded page to the same shell with its screen', async () => {
    const cookie = newLearnerCookie();
    const first = await Page.open(lab, cookie);
    const { session, terminalId } = await openLesson(first);
    first.type(terminalId, 'echo shell-pid-$$\r');
    const pid = /shell-pid-(\d+)/.exec(await first.waitFor(terminalId, /shell-pid-\d+/))![1];
    first.close();

    const second = await Page.open(lab, cookie);
    const again = await requestOk(second.client, 'session:open', { lesson: 'uts' });
    expect(again).toMatchObject({ sessionId: session.sessionId, resumed: true });
    expect(again.terminals[0]!.terminalId).toBe(terminalId);
    const attached: TerminalAttached = await requestOk(second.client, 'terminal:attach', { terminalId, cols: 100, rows: 30, lastSeq: null });
    expect(attached.screen).toContain(`shell-pid-${pid}`);
    second.type(terminalId, 'echo again-$$\r');
    await second.waitFor(terminalId, new RegExp(`again-${pid}`));
    second.close();
  });

  it('delivers every byte exactly once across a dropped connection', async () => {
    const cookie = newLearnerCookie();
    const first = await Page.open(lab, cookie);
    const { terminalId } = await openLesson(first);
    const before = first.output(terminalId).length;
    // Paced (a pause every 100 lines) so the drop lands in the middle of the output.
    first.type(terminalId, "for i in $(seq 1 4000); do echo line-$i; [ $((i % 100)) = 0 ] && sleep 0.05; done; echo 'all''done'\r");
    await first.waitFor(terminalId, /line-300\n/);
    first.client.disconnect();
    const seen = first.text.get(terminalId)!;
    const lastSeq = first.lastSeq.get(terminalId)!;

    const second = await Page.open(lab, cookie);
    await requestOk(second.client, 'session:open', { lesson: 'uts' });
    const attached = await requestOk(second.client, 'terminal:attach', { terminalId, cols: 100, rows: 30, lastSeq });
    expect(attached.replay).not.toBeNull();
    // Live output may have come in before the reply was handled: it follows the replay.
    second.text.set(terminalId, Buffer.from(attached.replay as unknown as ArrayBuffer).toString('utf8') + (second.text.get(terminalId) ?? ''));
    await second.waitFor(terminalId, /^alldone$/m, 60_000);
    const all = stripAnsi(seen + second.text.get(terminalId)!)
      .replace(/\r/g, '')
      .slice(before);
    const lines = all.split('\n').filter((l) => /^line-\d+$/.test(l));
    expect(lines).toHaveLength(4000);
    expect(new Set(lines).size).toBe(4000);
    second.close();
  });

  it('bounds output nobody renders, and Ctrl-C stops a flood at once', async () => {
    const page = await Page.open(lab, newLearnerCookie());
    const { terminalId } = await openLesson(page);
    page.autoAck = false;
    const rssBefore = process.memoryUsage().rss;
    const terminal = lab.server.sessions
      .everyone()
      .map((s) => s.terminals.get(terminalId))
      .find((t) => t !== undefined)!;
    const seqBefore = terminal.seq;
    page.type(terminalId, 'yes\r');
    await waitUntil(() => page.text.get(terminalId)!.length >= HIGH_WATERMARK_BYTES, 'output up to the high watermark');
    // The server stopped reading the pty: the kernel holds `yes` in write(2) with the pty's buffer full.
    await waitUntil(() => blockedWriting(terminal.pid, 'yes'), '`yes` to block in write(2)', 10_000);
    const received = page.text.get(terminalId)!.length;
    // The server (in this process) holds the paused output, the replay buffer and the mirror: bounded, not growing.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
    // The pty paused above the high watermark: at most one more coalesced read got through.
    expect(terminal.seq - seqBefore).toBeLessThan(HIGH_WATERMARK_BYTES + 256 * 1024);
    expect(received).toBeLessThan(HIGH_WATERMARK_BYTES + 256 * 1024);
    page.type(terminalId, '\x03');
    page.autoAck = true;
    page.client.stream.ack(terminalId, received);
    page.type(terminalId, 'echo flood-""over\r');
    await page.waitFor(terminalId, /flood-over\n/, 10_000);
    page.close();
  });

  it("lets two terminals of one session see each other's namespaces", async () => {
    const page = await Page.open(lab, newLearnerCookie());
    const { session, terminalId: one } = await openLesson(page);
    const { terminalId: two } = await requestOk(page.client, 'terminal:open', { sessionId: session.sessionId, name: 'two', cols: 100, rows: 30 });
    await page.waitFor(two, /[#$] $/);
    page.type(one, 'unshare --uts bash\r');
    page.type(one, 'hostname web1; echo in-$$\r');
    const inner = /in-(\d+)/.exec(await page.waitFor(one, /in-\d+/))![1];
    page.type(two, `nsenter --target ${inner} --uts hostname\r`);
    await page.waitFor(two, /^web1$/m);
    expect(await request(page.client, 'terminal:open', { sessionId: session.sessionId, name: 'one', cols: 80, rows: 24 })).toMatchObject({ ok: true });
    page.close();
  });

  it('resets to a fresh sandbox: new namespaces, /root emptied, setup rerun', async () => {
    const page = await Page.open(lab, newLearnerCookie());
    const { session, terminalId } = await openLesson(page);
    page.type(terminalId, 'touch /root/keepsake; readlink /proc/1/ns/pid\r');
    const oldNs = /pid:\[(\d+)\]/.exec(await page.waitFor(terminalId, /pid:\[\d+\]/))![1];
    await requestOk(page.client, 'session:reset', { sessionId: session.sessionId });
    const { terminalId: fresh } = await requestOk(page.client, 'terminal:open', { sessionId: session.sessionId, name: 'one', cols: 100, rows: 30 });
    await page.waitFor(fresh, /[#$] $/);
    page.type(fresh, 'ls /root/keepsake; readlink /proc/1/ns/pid\r');
    const out = await page.waitFor(fresh, /pid:\[\d+\]/);
    expect(out).toMatch(/No such file/);
    expect(/pid:\[(\d+)\]/.exec(out)![1]).not.toBe(oldNs);
    page.close();
  });
});

describe('session limits and lifetimes', () => {
  let lab: TestLab;
  let lessonsDir: string;
  beforeAll(async () => {
    // Three copies of the UTS lesson under other slugs, so one learner can open three lessons.
    lessonsDir = mkdtempSync(path.join(os.tmpdir(), 'nslab-lessons-'));
    const uts = readFileSync('lessons/uts.md', 'utf8');
    for (const slug of ['uts', 'uts-b', 'uts-c']) writeFileSync(path.join(lessonsDir, `${slug}.md`), uts.replace('slug: uts', `slug: ${slug}`));
    process.env.NSLAB_LESSONS_DIR = lessonsDir;
    lab = await startTestLab({ env: { NSLAB_IDLE_MINUTES: '0.05', NSLAB_MAX_SESSIONS_PER_LEARNER: '2', NSLAB_MAX_TERMINALS: '1' } });
  });
  afterAll(async () => {
    await lab?.dispose();
    delete process.env.NSLAB_LESSONS_DIR;
    rmSync(lessonsDir, { recursive: true, force: true });
  });

  it('answers the per-learner and per-session limits with clear messages', async () => {
    const cookie = newLearnerCookie();
    const [a, b, c] = await Promise.all([Page.open(lab, cookie), Page.open(lab, cookie), Page.open(lab, cookie)]);
    const { session } = await openLesson(a);
    await requestOk(b.client, 'session:open', { lesson: 'uts-b' });
    const third = await request(c.client, 'session:open', { lesson: 'uts-c' });
    expect(third).toMatchObject({ ok: false, error: { code: 'limit_reached', message: stringMatching(/close one of them/) } });
    // Once a page goes away, its lesson is the one closed to make room.
    const bSession = lab.server.sessions.everyone().find((s) => s.lesson.slug === 'uts-b' && s.isAttached)!;
    b.close();
    await waitUntil(() => !bSession.isAttached, "the server to see b's page go");
    expect(await request(c.client, 'session:open', { lesson: 'uts-c' })).toMatchObject({ ok: true });

    const second = await request(a.client, 'terminal:open', { sessionId: session.sessionId, name: 'two', cols: 80, rows: 24 });
    expect(second).toMatchObject({ ok: false, error: { code: 'limit_reached', message: stringMatching(/at most 1 terminals/) } });
    [a, c].forEach((p) => p.close());
  });

  it('warns an idle learner, then closes the session', async () => {
    const page = await Page.open(lab, newLearnerCookie());
    const warnings: number[] = [];
    const ended: string[] = [];
    page.client.on('session:idle-warning', (w) => warnings.push(w.secondsLeft));
    page.client.on('session:ended', (e) => ended.push(e.reason));
    await openLesson(page);
    await expect.poll(() => ended.length, { timeout: 10_000 }).toBe(1);
    expect(warnings.length).toBeGreaterThan(0);
    expect(ended[0]).toMatch(/without activity/);
    page.close();
  });
});

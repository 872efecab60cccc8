// A new session starts its lesson's first shell at once; the page's terminal:open adopts it, with everything it printed.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, newLearnerCookie, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { TerminalClient, requestOk, stripAnsi } from '../support/terminal-client';
import { waitUntil } from '../support/wait';

/** When a host process started, in clock ticks since boot (proc(5): /proc/PID/stat, field 22). */
const startTicks = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]);
/** Now, in clock ticks since boot (USER_HZ, the unit of /proc/PID/stat's times, is 100 on Linux: proc(5)). */
const uptimeTicks = (): number => Math.floor(Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 100);

/** Everything the stream brings for each terminal id, from the moment this is called. */
function recordOutput(client: LabClient): Map<string, { text: string; firstSeq: number; firstBytes: number }> {
  const seen = new Map<string, { text: string; firstSeq: number; firstBytes: number }>();
  client.stream.onOutput(({ terminalId, seq, data }) => {
    const entry = seen.get(terminalId) ?? { text: '', firstSeq: seq, firstBytes: data.byteLength };
    entry.text += Buffer.from(data).toString('utf8');
    seen.set(terminalId, entry);
    client.stream.ack(terminalId, data.byteLength);
  });
  return seen;
}

describe('the first shell starts with the session', () => {
  let lab: TestLab;
  const clients: LabClient[] = [];
  const connect = async (cookie: string) => {
    const client = connectClient(lab, { cookie });
    clients.push(client);
    await whenConnected(client);
    return client;
  };

  beforeAll(async () => {
    lab = await startTestLab();
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await lab?.dispose();
  });

  it('is running before the page opens it, and the page gets all it printed from the first byte', async () => {
    const client = await connect(newLearnerCookie());
    const output = recordOutput(client);
    const session = await requestOk(client, 'session:open', { lesson: 'uts' });
    // Not shown as running: the page opens the slot, and that adopts the early shell.
    expect(session.terminals[0]!.terminalId).toBeNull();
    // The shell prints its prompt before any page asked for it (the server holds what it printed).
    const early = lab.server.sessions
      .everyone()
      .find((s) => s.id === session.sessionId)!
      .terminals.byName('one')!;
    await waitUntil(() => /[#$] $/.test(stripAnsi(early.outputSince(0))), 'the early shell to print its prompt', 15_000);
    const openedAt = uptimeTicks();
    const { terminalId } = await requestOk(client, 'terminal:open', { sessionId: session.sessionId, name: 'one', cols: 100, rows: 30 });
    await waitUntil(() => /[#$] $/.test(stripAnsi(output.get(terminalId)?.text ?? '')), 'the prompt', 15_000);
    // Output from byte 0: the first frame's seq is its own length.
    const first = output.get(terminalId)!;
    expect(first.firstSeq).toBe(first.firstBytes);

    const term = TerminalClient.of(client, session, terminalId);
    // The kernel's word: the page's terminal is the process that started before terminal:open, at the size the page asked for.
    expect(
      lab.server.sessions
        .everyone()
        .find((s) => s.id === session.sessionId)!
        .terminals.get(terminalId)!.pid,
    ).toBe(early.pid);
    expect(startTicks(early.pid)).toBeLessThan(openedAt);
    expect((await term.run('stty size')).trim()).toBe('30 100');
  });

  it('is adopted once: opening the slot again starts a fresh shell, and a second page attaches', async () => {
    const cookie = newLearnerCookie();
    const page = await connect(cookie);
    const first = await TerminalClient.open(page, 'uts');
    const firstPid = (await first.run('echo $$')).trim();

    const other = await connect(cookie);
    const resumed = await requestOk(other, 'session:open', { lesson: 'uts' });
    expect(resumed.resumed).toBe(true);
    expect(resumed.terminals[0]!.terminalId).toBe(first.terminalId);

    const again = await TerminalClient.reopen(first, 'one');
    expect(again.terminalId).not.toBe(first.terminalId);
    expect((await again.run('echo $$')).trim()).not.toBe(firstPid);
  });
});

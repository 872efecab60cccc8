import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Explanation } from '../../core/protocol';
import type { Sandbox } from '../machine/machine';
import { QUIET_AFTER_COMMAND_MS } from '../sessions/step-checker';
import type { Terminal } from '../terminals/terminal';
import { Explainer } from './explainer';
import { fakeLabState } from './fake-lab-state';
import type { Recogniser } from './recogniser';

/** The parts of a Terminal the explainer reads: its name, id and output log. */
function fakeTerminal(name: string) {
  let text = '';
  const terminal = {
    id: `t-${name}`,
    name,
    outputMark: () => Buffer.byteLength(text),
    outputSince: (mark: number) => Buffer.from(text).subarray(mark).toString('utf8'),
  };
  return { terminal: terminal as unknown as Terminal, print: (s: string) => (text += s) };
}

/** A recogniser that spots `word` and explains it as `id`, counting how often it was asked to confirm. */
function recogniser(word: string, id: Explanation['id']) {
  const seen: string[][] = [];
  const r: Recogniser = {
    name: id,
    spot: (output) => {
      if (!output.lines.some((l) => l.includes(word))) return null;
      seen.push([...output.lines]);
      return async () => ({ id, title: word, body: [], why: [], fix: [], man: { page: 'x(7)', section: 's', url: 'u' } });
    },
  };
  return { r, seen };
}

describe('Explainer', () => {
  const pushed: Explanation[] = [];
  let explainer: Explainer;
  const a = recogniser('oops', 'pid-no-fork');
  const b = recogniser('oops', 'pid-no-fork');
  const c = recogniser('ouch', 'stale-proc');

  beforeEach(() => {
    vi.useFakeTimers();
    pushed.length = 0;
    a.seen.length = c.seen.length = 0;
    explainer = new Explainer({
      sessionId: 's1',
      sandbox: () => ({ ended: false }) as Sandbox,
      terminalTitle: (n) => n,
      push: (e) => pushed.push(e),
      recognisers: [a.r, b.r, c.r],
      labState: () => fakeLabState([]),
    });
  });
  afterEach(() => {
    explainer.dispose();
    vi.useRealTimers();
  });

  it('looks at what a command printed once the terminal is quiet, from the prompt line on', async () => {
    const one = fakeTerminal('one');
    one.print("motd: oops, not the learner's\r\nroot@lab:~# ls");
    explainer.commandEntered(one.terminal);
    one.print('\r\noops\r\nroot@lab:~# ');
    explainer.output(one.terminal);
    await vi.advanceTimersByTimeAsync(QUIET_AFTER_COMMAND_MS - 50);
    expect(pushed).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    await explainer.idle();
    expect(a.seen).toEqual([['root@lab:~# ls', 'oops', 'root@lab:~#']]);
    // Two recognisers of one mistake: one explanation.
    expect(pushed.map((e) => [e.id, e.terminal, e.sessionId])).toEqual([['pid-no-fork', 'one', 's1']]);
  });

  it('reads each output once, per terminal, and not without a command', async () => {
    const one = fakeTerminal('one');
    const two = fakeTerminal('two');
    explainer.commandEntered(one.terminal);
    explainer.commandEntered(two.terminal);
    one.print('oops\r\n');
    two.print('ouch\r\n');
    await vi.advanceTimersByTimeAsync(QUIET_AFTER_COMMAND_MS + 10);
    await explainer.idle();
    expect(pushed.map((e) => `${e.terminal}:${e.id}`).sort()).toEqual(['one:pid-no-fork', 'two:stale-proc']);

    one.print('oops again, but nobody pressed Enter\r\n');
    explainer.output(one.terminal);
    await vi.advanceTimersByTimeAsync(QUIET_AFTER_COMMAND_MS * 2);
    explainer.commandEntered(one.terminal);
    one.print('fine\r\n');
    await vi.advanceTimersByTimeAsync(QUIET_AFTER_COMMAND_MS + 10);
    await explainer.idle();
    expect(pushed).toHaveLength(3);
    expect(a.seen.at(-1)).toEqual(['oops again, but nobody pressed Enter', 'fine', '']);
  });

  it('stops after dispose and after a terminal is forgotten', async () => {
    const one = fakeTerminal('one');
    explainer.commandEntered(one.terminal);
    one.print('oops\r\n');
    explainer.forget(one.terminal.id);
    await vi.advanceTimersByTimeAsync(QUIET_AFTER_COMMAND_MS * 2);
    explainer.dispose();
    explainer.commandEntered(one.terminal);
    await vi.advanceTimersByTimeAsync(QUIET_AFTER_COMMAND_MS * 2);
    expect(pushed).toHaveLength(0);
  });
});

// A learner's ^C stops a loop of short commands in a sandbox shell at the first press, as well as a long command; ^D ends cat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { TerminalClient } from '../support/terminal-client';

/** How long the shell may take to show its prompt again after ^C (in milliseconds): far beyond a loop's iteration. */
const PROMPT_BACK_MS = 5_000;
/** Iterations a loop runs before the test interrupts it: it is looping, not starting. */
const WARM_ITERATIONS = 30;

describe('^C and ^D in a sandbox shell', () => {
  let lab: TestLab;
  let client: LabClient;
  let term: TerminalClient;

  beforeAll(async () => {
    lab = await startTestLab();
    client = connectClient(lab);
    await whenConnected(client);
    term = await TerminalClient.open(client, 'uts');
  });

  afterAll(async () => {
    client?.close();
    await lab?.dispose();
  });

  /** Types `body` as a counting loop, waits until it has run WARM_ITERATIONS times, sends one ^C and returns the counter the shell then prints twice. */
  async function interruptLoop(body: string): Promise<[number, number]> {
    const from = term.output.length;
    term.type(`i=0; while :; do ${body}; i=$((i+1)); [ $i = ${WARM_ITERATIONS} ] && echo loop""ing; done\r`);
    await term.waitFor(/looping/, 15_000, from);
    const interrupted = term.output.length;
    term.type('\x03');
    // Nothing typed until the prompt is back, as a learner waits for it.
    await term.waitFor(/[#$] $/, PROMPT_BACK_MS, interrupted);
    const first = await term.run('echo done:$i', PROMPT_BACK_MS);
    const second = await term.run('echo done:$i', PROMPT_BACK_MS);
    const count = (out: string) => Number(/done:(\d+)/.exec(out)?.[1]);
    return [count(first), count(second)];
  }

  for (const body of ['unshare --uts true', '/bin/true', 'true']) {
    it(`stops \`while :; do ${body}; done\` at the first ^C`, async () => {
      const [first, second] = await interruptLoop(body);
      expect(first).toBeGreaterThanOrEqual(WARM_ITERATIONS);
      // The loop is over: its counter no longer grows between two commands at the prompt.
      expect(second).toBe(first);
    });
  }

  it('interrupts a long command: sleep 100 ends by SIGINT', async () => {
    const from = term.output.length;
    term.type('sleep 100\r');
    await term.waitFor(/sleep 100\r?\n/, 5_000, from);
    // The shell has handed the terminal to sleep once sleep is the only thing it waits for.
    await term.waitFor(/sleep 100\r?\n(?![\s\S]*[#$] $)/, 5_000, from);
    const interrupted = term.output.length;
    term.type('\x03');
    await term.waitFor(/[#$] $/, PROMPT_BACK_MS, interrupted);
    // 130 = 128 + SIGINT: sleep died of the signal (bash(1), EXIT STATUS).
    expect((await term.run('echo rc:$?', PROMPT_BACK_MS)).trim()).toBe('rc:130');
  });

  it('ends cat at ^D', async () => {
    const from = term.output.length;
    term.type('cat\r');
    await term.waitFor(/cat\r?\n/, 5_000, from);
    term.type('echo-me\r');
    // The line twice: the terminal's echo, then cat's copy.
    await term.waitFor(/echo-me\r?\n[\s\S]*echo-me\r?\n/, 5_000, from);
    const ended = term.output.length;
    term.type('\x04');
    await term.waitFor(/[#$] $/, PROMPT_BACK_MS, ended);
    expect((await term.run('echo rc:$?', PROMPT_BACK_MS)).trim()).toBe('rc:0');
  });
});

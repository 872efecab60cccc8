// The lab's own sides of the table: one lab machine against its baselines (open, echo, flood, checks), and a sandbox lab with no warm pool.
import type { BenchLabs } from './bench-labs';
import { BENCH } from './config';
import { interleavedEcho, interleavedFloods } from './interleaved';
import { LabTerminal } from './lab-client';
import { interleavedOpens } from './open-rounds';
import { prepareRawBwrap } from './raw-bwrap';
import { measureRawOpen, spawnRawPty } from './raw-pty';
import type { Results, Side } from './report';
import { waitForPool } from './room-start';
import { summarize } from './stats';

const step = (message: string) => process.stdout.write(`${message}\n`);

export type SideRun = Side & { floodRss: { idleBytes: number; peakBytes: number }; checkMs: number[] };

/**
 * One lab machine against its baseline, interleaved: each lab open follows a baseline open (the
 * host lab: `bash -l` in a raw pty; the sandbox lab, its pool full: `bash -l` joined into a raw
 * bubblewrap sandbox started beforehand), keystrokes alternate in blocks with the raw pty's, and
 * the two floods run back to back (a shared 2-core machine drifts). `warmPool`: the sandbox lab's
 * NSLAB_WARM_SANDBOXES, refilled before each timed open.
 */
export async function labSide(labs: BenchLabs, machine: 'sandbox' | 'host', warmPool = 0): Promise<SideRun> {
  step(`${machine}: open (against ${machine === 'sandbox' ? 'a warm raw bubblewrap sandbox' : 'the raw pty'}), echo, flood${machine === 'sandbox' ? ', checks' : ''} (against the raw pty)`);
  const lab = await labs.start(machine);
  const shell = await spawnRawPty();
  const bwrap = machine === 'sandbox' ? await prepareRawBwrap() : null;
  try {
    await measureRawOpen(1); // warm-up: the first spawn pays for loading node-pty
    const opens = bwrap
      ? await interleavedOpens(
          lab.origin,
          () => bwrap.warmOpen(),
          () => waitForPool(lab, warmPool, 100, 20),
        )
      : await interleavedOpens(lab.origin, async () => (await measureRawOpen(1))[0]!);
    const terminal = await LabTerminal.connect(lab.origin);
    await terminal.open();
    const { rawMs: rawEcho, servedMs: echo } = await interleavedEcho(shell, terminal);
    const floods = await interleavedFloods(shell, terminal, lab.pid);
    const checkMs: number[] = [];
    if (machine === 'sandbox') {
      await terminal.checkMs('look'); // warm-up
      for (let i = 0; i < BENCH.checkRuns; i++) checkMs.push(await terminal.checkMs('look'));
    }
    terminal.disconnect();
    return {
      open: opens.lab,
      echoMs: summarize(echo),
      floodMibPerS: floods.mibPerS,
      floodRounds: floods.rounds,
      raw: { openMs: opens.baselineMs, echoMs: summarize(rawEcho), floodMibPerS: floods.rawMibPerS },
      floodRss: { idleBytes: floods.idleBytes, peakBytes: floods.peakBytes },
      checkMs,
    };
  } finally {
    bwrap?.dispose();
    shell.dispose();
    await labs.stop(lab);
  }
}

/** A sandbox lab with no warm pool (each session launches its sandbox) against a raw bubblewrap sandbox started for the shell. */
export async function sandboxColdOpen(labs: BenchLabs): Promise<Results['sandboxCold']> {
  step('sandbox, no warm pool: open (against a raw bubblewrap sandbox started for its shell)');
  const lab = await labs.start('sandbox', { NSLAB_WARM_SANDBOXES: '0' });
  const bwrap = await prepareRawBwrap();
  try {
    const opens = await interleavedOpens(lab.origin, () => bwrap.coldOpen());
    return { open: opens.lab, rawOpenMs: opens.baselineMs };
  } finally {
    bwrap.dispose();
    await labs.stop(lab);
  }
}

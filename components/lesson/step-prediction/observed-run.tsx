// ObservedRun: what the lab saw the learner's command do: the watched call as the timeline decoded it, or where the command ran.
import type { PredictionRun } from '../../../core/protocol/predictions';

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** The watched call: `unshare(CLONE_NEWNET) = 0`, by which process (its PID as the sandbox sees it) in which terminal. */
export function ObservedCall({ run }: { run: PredictionRun }) {
  const entry = run.entry;
  if (!entry) return null;
  const r = entry.result;
  const who = [entry.pid !== null ? `${entry.comm} (PID ${entry.pid} in your sandbox)` : entry.comm, entry.terminal].filter(Boolean).join(', ');
  return (
    <span data-testid="prediction-call" data-call={entry.call} className="mt-1 block text-xs text-muted">
      The timeline saw{' '}
      <code className="rounded bg-code-bg px-1 font-mono text-[0.85em] [overflow-wrap:anywhere] text-ink">
        {entry.text} = {r.ok ? r.value : `-1 ${r.errno}`}
      </code>{' '}
      from {who} at {time(entry.at)}
      {r.ok ? '.' : `: ${r.meaning}`}
    </span>
  );
}

/** A command of the step's terminal, for a step that watches no call: the check's finding follows once the step passes. */
export function ObservedCommand({ run, checked }: { run: PredictionRun; checked: boolean }) {
  return (
    <span data-testid="prediction-ran" className="mt-1 block text-xs text-muted">
      You ran a command in {run.terminal ?? 'a terminal'} at {time(run.at)}
      {checked ? '.' : '; what the check found there appears here once the step passes.'}
    </span>
  );
}

// Runs a lesson's `setup` commands inside a fresh sandbox, before the learner's first step.
import type { Lesson } from '../../core/lesson/schema';
import { err, ok, type Result } from '../../core/result';
import { wireError, type WireError } from '../../core/protocol';
import type { Sandbox } from '../machine/machine';

/** Setup may build a root filesystem or start a "container"; give it time (in milliseconds). */
export const SETUP_TIMEOUT_MS = 30_000;

export async function runLessonSetup(sandbox: Sandbox, lesson: Lesson): Promise<Result<void, WireError>> {
  if (lesson.setup.length === 0) return ok(undefined);
  // One bash, -e: the first failing command stops the setup and is reported.
  const script = `set -e\n${lesson.setup.join('\n')}\n`;
  const run = await sandbox.exec(['/bin/bash', '-s'], { input: script, timeoutMs: SETUP_TIMEOUT_MS });
  if (run.exitCode === 0) return ok(undefined);
  const detail = run.timedOut ? 'it did not finish in time' : `it exited with ${run.exitCode}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`;
  return err(wireError('machine_failed', `the lesson's setup failed in your sandbox (${lesson.file}): ${detail}`));
}

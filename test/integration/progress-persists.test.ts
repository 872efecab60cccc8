// Progress outlives the server: passes survive a restart on the same data dir, show in the catalogue, reset clears them; a SIGKILL mid-write corrupts nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProgressUpdate } from '../../core/protocol';
import { getLesson } from '../../server/lessons/load-lessons';
import { DATABASE_FILE } from '../../server/store/open-store';
import { connectClient, newLearnerCookie, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { LessonRunner } from '../support/lesson-runner';
import { request, requestOk } from '../support/terminal-client';
import { waitUntil } from '../support/wait';

/** How many verdicts the crash test's writer commits before it is killed mid-write. */
const WRITES_BEFORE_KILL = 1_000;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nslab-progress-'));
const cookie = newLearnerCookie();
const labs: TestLab[] = [];
afterAll(async () => {
  for (const lab of labs) await lab.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

async function learnerOn(lab: TestLab): Promise<LabClient> {
  const client = connectClient(lab, { cookie });
  await whenConnected(client);
  return client;
}

describe('progress across restarts', () => {
  it('keeps passed steps, shows them in the catalogue, and resets them', async () => {
    const lesson = (await getLesson('uts'))!;
    const first = await startTestLab({ dataDir });
    labs.push(first);
    const client = await learnerOn(first);
    const runner = await LessonRunner.start(client, lesson);
    for (const step of lesson.steps.slice(0, 2)) {
      await runner.runSolution(step);
      const progress = await runner.check(step.id);
      expect(progress.steps.find((s) => s.id === step.id)?.state, runner.transcript(runner.terminalOf(step))).toBe('passed');
    }
    client.close();
    await first.dispose();

    const second = await startTestLab({ dataDir });
    labs.push(second);
    const again = await learnerOn(second);
    const session = await requestOk(again, 'session:open', { lesson: 'uts' });
    expect(session.resumed).toBe(false);
    expect(session.progress.steps.map((s) => s.state)).toEqual(lesson.steps.map((_, i) => (i < 2 ? 'passed' : 'todo')));
    expect(session.progress.current).toBe(lesson.steps[2]!.id);

    const catalogue = await requestOk(again, 'progress:catalogue', {});
    expect(catalogue.find((l) => l.slug === 'uts')).toMatchObject({ passed: 2, total: lesson.steps.length, completed: false });
    expect(catalogue.find((l) => l.slug === 'pid')).toMatchObject({ passed: 0, completed: false, secondsSpent: 0 });
    // Another learner sees none of it.
    const stranger = connectClient(second);
    await whenConnected(stranger);
    expect((await requestOk(stranger, 'progress:catalogue', {})).find((l) => l.slug === 'uts')?.passed).toBe(0);
    stranger.close();

    const pushed = new Promise<ProgressUpdate>((resolve) => again.once('progress:update', resolve));
    await requestOk(again, 'progress:reset', { lesson: 'uts' });
    const update = await pushed;
    expect(update).toMatchObject({ reset: true, current: lesson.steps[0]!.id });
    expect(update.steps.every((s) => s.state === 'todo')).toBe(true);
    expect((await requestOk(again, 'progress:catalogue', {})).find((l) => l.slug === 'uts')?.passed).toBe(0);
    expect(await request(again, 'progress:reset', { lesson: 'no-such-lesson' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    again.close();
  }, 120_000);

  it('keeps a display name, trimmed, and refuses an empty or long one', async () => {
    const lab = labs.at(-1)!;
    const client = await learnerOn(lab);
    expect(await requestOk(client, 'learner:profile', {})).toEqual({ displayName: null });
    expect(await requestOk(client, 'learner:rename', { displayName: '  Ada Lovelace ' })).toEqual({ displayName: 'Ada Lovelace' });
    expect(await requestOk(client, 'learner:profile', {})).toEqual({ displayName: 'Ada Lovelace' });
    const empty = await request(client, 'learner:rename', { displayName: '   ' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!empty.ok) expect(empty.error.message).toMatch(/at least one character/);
    const long = await request(client, 'learner:rename', { displayName: 'x'.repeat(41) });
    if (!long.ok) expect(long.error.message).toMatch(/at most 40 characters/);
    expect(long.ok).toBe(false);
    client.close();
  });
});

describe('a writer killed with SIGKILL', () => {
  it('leaves a database that passes its integrity check and keeps every whole transaction', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nslab-crash-db-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/store-writer.ts', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`the writer exited with ${code}: ${output}`)));
      });
      // Killed well into its writing: once a thousand verdicts are committed (read beside it, as WAL allows).
      const committed = () => {
        const reader = new Database(path.join(dir, DATABASE_FILE), { readonly: true, fileMustExist: true });
        try {
          return (reader.prepare('SELECT COUNT(*) AS n FROM step_results').get() as { n: number }).n;
        } finally {
          reader.close();
        }
      };
      await waitUntil(() => committed() >= WRITES_BEFORE_KILL, `${WRITES_BEFORE_KILL} committed verdicts`, 20_000);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;

      const db = new Database(path.join(dir, DATABASE_FILE));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const results = (db.prepare('SELECT COUNT(*) AS n FROM step_results').get() as { n: number }).n;
      const passes = (db.prepare('SELECT COUNT(*) AS n FROM step_passed').get() as { n: number }).n;
      expect(results).toBeGreaterThanOrEqual(WRITES_BEFORE_KILL);
      // Every verdict and its first pass were one transaction: none was half written.
      expect(passes).toBe(results);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

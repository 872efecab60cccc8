// The lesson catalogue is cached while the lessons folder is unchanged, and an edit shows on the next load.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getLesson, getLessonCatalogue } from './load-lessons';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nslab-lessons-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the lesson catalogue', () => {
  it('serves the cached catalogue until a lesson file changes, then the edited lesson', async () => {
    copyFileSync(path.join('lessons', 'uts.md'), path.join(dir, 'uts.md'));
    const first = await getLessonCatalogue(dir);
    expect(first.lessons.map((l) => l.slug)).toEqual(['uts']);
    expect(await getLessonCatalogue(dir)).toBe(first);

    const file = path.join(dir, 'uts.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: An edited title'));
    await expect.poll(async () => (await getLesson('uts', dir))?.title, { timeout: 5_000 }).toBe('An edited title');

    // A broken edit shows as a problem with its file, and the catalogue keeps serving.
    writeFileSync(path.join(dir, 'pid.md'), '---\nslug: pid\n---\n');
    await expect.poll(async () => (await getLessonCatalogue(dir)).problems.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect((await getLessonCatalogue(dir)).lessons.map((l) => l.slug)).toEqual(['uts']);
  });
});

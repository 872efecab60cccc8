// Loads every lesson in lessons/ (cached until a file changes) for pages, the socket server and tests.
// The paths are runtime data, not build inputs: `turbopackIgnore` keeps Next's file tracer from sweeping in the project.
import { watch } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Lesson, LessonCatalogue, LessonProblem } from '../../core/lesson/schema';
import { parseLesson } from './parse-lesson';

/** The lessons folder; NSLAB_LESSONS_DIR lets tests load fixture lessons. */
export const lessonsDir = (): string => process.env.NSLAB_LESSONS_DIR ?? path.join(/* turbopackIgnore: true */ process.cwd(), 'lessons');

let cache: { key: string; catalogue: LessonCatalogue } | null = null;

/**
 * The lessons folder being watched, and whether anything in it changed since the catalogue was
 * last checked. While a watch is in place and nothing changed, the cached catalogue is returned
 * without touching the disk: every session:open asks for its lesson, and listing and stat-ing
 * every lesson file was a millisecond of each open. Without a watch (it failed, or another
 * folder is asked for) the files' modification times are compared on every call, as before.
 */
let watched: { dir: string; changed: boolean; stop(): void } | null = null;

/** Watches `dir` (only the folder last asked for: the lab has one, tests switch between fixtures). */
function watchLessons(dir: string): void {
  if (watched?.dir === dir) return;
  watched?.stop();
  watched = null;
  try {
    const watcher = watch(/* turbopackIgnore: true */ dir, () => (state.changed = true));
    const state = { dir, changed: true, stop: () => watcher.close() };
    watcher.on('error', () => {
      if (watched === state) watched = null;
      watcher.close();
    });
    watcher.unref();
    watched = state;
  } catch {
    // No watch (e.g. the folder is missing): the modification times decide.
  }
}

/** All lessons ordered for the catalogue, plus a problem entry for every file that failed to load. */
export async function getLessonCatalogue(dir = lessonsDir()): Promise<LessonCatalogue> {
  watchLessons(dir);
  const unchanged = watched?.dir === dir && !watched.changed;
  if (unchanged && cache?.key.startsWith(`${dir}|`)) return cache.catalogue;
  // Cleared before reading, so a change made while the files are read is noticed next time.
  if (watched?.dir === dir) watched.changed = false;
  const names = (await readdir(/* turbopackIgnore: true */ dir).catch(() => [] as string[])).filter((n) => n.endsWith('.md') && n !== 'README.md').sort();
  const stamps = await Promise.all(names.map(async (n) => `${n}:${(await stat(/* turbopackIgnore: true */ path.join(dir, n))).mtimeMs}`));
  const key = `${dir}|${stamps.join('|')}`;
  if (cache?.key === key) return cache.catalogue;

  const lessons: Lesson[] = [];
  const problems: LessonProblem[] = [];
  for (const name of names) {
    const file = path.posix.join('lessons', name);
    const parsed = parseLesson(file, await readFile(/* turbopackIgnore: true */ path.join(dir, name), 'utf8'));
    if (!parsed.ok) {
      problems.push(...parsed.error);
      continue;
    }
    if (`${parsed.value.slug}.md` !== name) {
      problems.push({ file, line: null, field: 'slug', message: `slug "${parsed.value.slug}" must match the file name; rename the file to ${parsed.value.slug}.md` });
      continue;
    }
    lessons.push(parsed.value);
  }
  lessons.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
  const catalogue = { lessons, problems };
  cache = { key, catalogue };
  return catalogue;
}

export async function getLesson(slug: string, dir = lessonsDir()): Promise<Lesson | null> {
  return (await getLessonCatalogue(dir)).lessons.find((l) => l.slug === slug) ?? null;
}

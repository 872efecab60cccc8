// LessonComplete: the panel that appears once every step passed, pointing at the next lesson (the last step's "Next step" leads here).
'use client';

import Link from 'next/link';
import type { LessonRef } from './lesson-header';
import { useProgress } from './lesson-progress-provider';
import { LESSON_COMPLETE_ID } from './progress-state';

export function LessonComplete({ title, next }: { title: string; next: LessonRef | null }) {
  const { summary } = useProgress();
  if (!summary.complete) return null;
  return (
    <section
      id={LESSON_COMPLETE_ID}
      data-testid="lesson-complete"
      aria-labelledby={`${LESSON_COMPLETE_ID}-title`}
      className="scroll-mt-16 rounded-xl border border-emerald-200 bg-emerald-50 px-5 py-4"
    >
      <div className="flex items-start gap-3">
        <span aria-hidden className="inline-flex size-8 shrink-0 items-center justify-center rounded-full bg-emerald-600 text-white">
          <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
            <path d="M3.5 8.5l3 3 6-7" />
          </svg>
        </span>
        <div className="min-w-0 flex-1 space-y-3">
          <div>
            <h2 id={`${LESSON_COMPLETE_ID}-title`} tabIndex={-1} data-focus-target className="rounded text-lg font-semibold text-emerald-950">
              Lesson complete
            </h2>
            <p className="text-sm text-emerald-900">
              You did all {summary.total} steps of “{title}”, each one confirmed from your sandbox.
            </p>
          </div>
          {next ? (
            <Link
              href={`/lessons/${next.slug}`}
              rel="next"
              data-testid="next-lesson-link"
              className="inline-flex items-center gap-1.5 rounded-md bg-emerald-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-emerald-800"
            >
              Next lesson: {next.title} <span aria-hidden>→</span>
            </Link>
          ) : (
            <Link href="/" className="inline-flex items-center gap-1.5 rounded-md bg-emerald-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-emerald-800">
              Back to all lessons
            </Link>
          )}
        </div>
      </div>
    </section>
  );
}

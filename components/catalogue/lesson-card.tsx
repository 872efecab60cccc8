// LessonCard: one lesson in the catalogue: number, title, summary, namespace, time and step count, and the learner's progress.
import Link from 'next/link';
import type { Lesson } from '../../core/lesson/schema';
import { NamespaceBadge } from '../lesson/namespace-badge';
import { CardProgress } from './card-progress';

export function LessonCard({ lesson, position }: { lesson: Lesson; position: number }) {
  return (
    <Link
      href={`/lessons/${lesson.slug}`}
      data-testid="lesson-card"
      data-slug={lesson.slug}
      className="group flex h-full flex-col rounded-xl border border-line bg-surface p-5 shadow-sm transition hover:-translate-y-0.5 hover:border-accent hover:shadow-md"
    >
      <div className="flex items-center justify-between gap-3">
        <NamespaceBadge namespace={lesson.namespace} />
        <span aria-hidden className="font-mono text-xs text-muted">
          {String(position).padStart(2, '0')}
        </span>
      </div>
      <h3 className="mt-3 text-lg font-semibold tracking-tight text-ink group-hover:text-accent">{lesson.title}</h3>
      <p className="mt-1.5 flex-1 text-sm leading-relaxed text-ink-soft">{lesson.summary}</p>
      <CardProgress slug={lesson.slug} />
      <p className="mt-4 flex items-center gap-2 text-xs text-muted">
        <span>{lesson.minutes} min</span>
        <span aria-hidden>·</span>
        <span>
          {lesson.steps.length} {lesson.steps.length === 1 ? 'step' : 'steps'}
        </span>
        <span aria-hidden className="ml-auto text-accent opacity-0 transition group-hover:opacity-100">
          Start →
        </span>
      </p>
    </Link>
  );
}

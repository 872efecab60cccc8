// LessonHeader: a lesson's title, namespace, time and prerequisites (the progress bar follows it, sticky: see LessonProgressBar).
import Link from 'next/link';
import type { Lesson } from '../../core/lesson/schema';
import { NamespaceBadge } from './namespace-badge';

export type LessonRef = { slug: string; title: string };

type Props = { lesson: Lesson; prerequisites: LessonRef[] };

export function LessonHeader({ lesson, prerequisites }: Props) {
  return (
    <header className="space-y-3">
      <nav aria-label="Breadcrumb" className="text-sm text-muted">
        <Link href="/" className="rounded hover:text-ink hover:underline">
          Lessons
        </Link>
        <span aria-hidden className="mx-1.5">
          /
        </span>
        <span>{lesson.title}</span>
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight text-ink">{lesson.title}</h1>
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted">
        <NamespaceBadge namespace={lesson.namespace} />
        <span>about {lesson.minutes} min</span>
      </p>
      {prerequisites.length > 0 ? (
        <p className="text-sm text-ink-soft">
          <span className="font-medium">Do first: </span>
          {prerequisites.map((p, i) => (
            <span key={p.slug}>
              {i > 0 ? ', ' : null}
              <Link href={`/lessons/${p.slug}`} className="text-accent underline underline-offset-2 hover:text-accent-strong">
                {p.title}
              </Link>
            </span>
          ))}
        </p>
      ) : null}
    </header>
  );
}

// LessonPager: links to the previous and next lesson in catalogue order.
import Link from 'next/link';
import type { LessonRef } from './lesson-header';

export function LessonPager({ previous, next }: { previous: LessonRef | null; next: LessonRef | null }) {
  if (!previous && !next) return null;
  return (
    <nav aria-label="Other lessons" className="grid grid-cols-2 gap-3 border-t border-line pt-6">
      {previous ? <PagerLink lesson={previous} direction="Previous" /> : <span />}
      {next ? <PagerLink lesson={next} direction="Next" /> : <span />}
    </nav>
  );
}

function PagerLink({ lesson, direction }: { lesson: LessonRef; direction: 'Previous' | 'Next' }) {
  const alignEnd = direction === 'Next';
  return (
    <Link
      href={`/lessons/${lesson.slug}`}
      rel={direction === 'Next' ? 'next' : 'prev'}
      className={`group rounded-lg border border-line bg-surface px-4 py-3 hover:border-accent ${alignEnd ? 'col-start-2 text-right' : ''}`}
    >
      <span className="block text-xs text-muted">{alignEnd ? `${direction} →` : `← ${direction}`}</span>
      <span className="font-medium text-ink group-hover:text-accent">{lesson.title}</span>
    </Link>
  );
}

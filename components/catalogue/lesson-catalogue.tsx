// LessonCatalogue: the home page's grid of lessons in order, and the problems of lesson files that did not load.
import type { LessonCatalogue as Catalogue } from '../../core/lesson/schema';
import { CatalogueProgressProvider } from './catalogue-progress';
import { LessonCard } from './lesson-card';
import { ProblemCard } from './problem-card';

export function LessonCatalogue({ catalogue }: { catalogue: Catalogue }) {
  const lessons = [...catalogue.lessons].sort((a, b) => a.order - b.order);
  const { problems } = catalogue;
  return (
    <div className="mx-auto max-w-6xl space-y-10 px-6 py-10">
      <header className="max-w-2xl space-y-3">
        <h1 className="text-3xl font-semibold tracking-tight text-ink">Linux namespaces, by doing</h1>
        <p className="text-ink-soft">
          Each lesson runs beside a real root shell in your own sandbox. Read a step, run it, and see what the kernel does — every namespace type, then{' '}
          <code className="font-mono text-sm">unshare</code>, <code className="font-mono text-sm">nsenter</code> and a container of your own.
        </p>
      </header>

      {problems.length > 0 ? (
        <section aria-labelledby="problems-title" className="space-y-3">
          <h2 id="problems-title" className="text-base font-semibold text-rose-900">
            {problems.length === 1 ? 'A lesson file has a problem' : `${problems.length} problems in lesson files`}
          </h2>
          <ul className="space-y-2">
            {problems.map((p, i) => (
              <ProblemCard key={`${p.file}:${p.line ?? ''}:${i}`} problem={p} />
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="lessons-title" className="space-y-4">
        <h2 id="lessons-title" className="text-sm font-semibold tracking-wide text-muted uppercase">
          Lessons
        </h2>
        {lessons.length === 0 ? (
          <p className="rounded-lg border border-dashed border-line bg-surface px-4 py-6 text-ink-soft">
            No lessons yet. Add a Markdown file to <code className="font-mono text-sm">lessons/</code>.
          </p>
        ) : (
          <CatalogueProgressProvider>
            <ol className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {lessons.map((lesson, i) => (
                <li key={lesson.slug}>
                  <LessonCard lesson={lesson} position={i + 1} />
                </li>
              ))}
            </ol>
          </CatalogueProgressProvider>
        )}
      </section>
    </div>
  );
}

// ProblemCard: a lesson file that failed to load, with where and why, so its author can fix it.
import type { LessonProblem } from '../../core/lesson/schema';

export function ProblemCard({ problem }: { problem: LessonProblem }) {
  const where = problem.line === null ? problem.file : `${problem.file}:${problem.line}`;
  return (
    <li data-testid="lesson-problem" className="rounded-lg border border-rose-200 border-l-4 border-l-rose-500 bg-rose-50 px-4 py-3 text-sm">
      <p className="flex flex-wrap items-baseline gap-x-2 font-mono text-xs text-rose-900">
        <span className="font-semibold">{where}</span>
        {problem.field ? <span className="rounded bg-rose-100 px-1.5 py-0.5">{problem.field}</span> : null}
      </p>
      <p className="mt-1 text-rose-950">{problem.message}</p>
    </li>
  );
}

// LessonView: the whole lesson page: header with progress, intro, steps, completion and pager on the left, terminals on the right.
import type { Lesson } from '../../core/lesson/schema';
import { BodyBlocks } from './body-blocks';
import { LessonComplete } from './lesson-complete';
import { LessonHeader, type LessonRef } from './lesson-header';
import { LessonPager } from './lesson-pager';
import { LessonProgressBar } from './lesson-progress-bar';
import { LessonStep } from './lesson-step';
import { LessonWorkspace } from './lesson-workspace';

/** Markdown's inline code in the lesson prose moves to the next line whole instead of breaking mid-command (see INLINE_CODE_WRAP). */
const LESSON_PROSE_CODE = '[&_.lesson-prose_:not(pre)>code]:inline-block [&_.lesson-prose_:not(pre)>code]:max-w-full [&_.lesson-prose_:not(pre)>code]:[overflow-wrap:anywhere]';

type Props = {
  lesson: Lesson;
  prerequisites: LessonRef[];
  previous: LessonRef | null;
  next: LessonRef | null;
};

export function LessonView({ lesson, prerequisites, previous, next }: Props) {
  const firstTerminal = lesson.terminals[0]?.name ?? null;
  return (
    // Keyed by lesson: moving to another lesson remounts the terminals, so the old socket (and with it
    // the old session's sandbox) goes away instead of lingering beside the new one.
    <LessonWorkspace
      key={lesson.slug}
      lesson={lesson.slug}
      terminals={lesson.terminals}
      stepIds={lesson.steps.map((s) => s.id)}
      highlights={Object.fromEntries(lesson.steps.map((s) => [s.id, s.highlight]))}
      watches={Object.fromEntries(lesson.steps.flatMap((s) => (s.watch ? [[s.id, s.watch]] : [])))}
    >
      <article className={`mx-auto max-w-3xl space-y-8 px-6 py-6 lg:px-8 ${LESSON_PROSE_CODE}`}>
        <LessonHeader lesson={lesson} prerequisites={prerequisites} />
        {/* A child of the article itself, so it stays stuck to the top for the whole lesson. */}
        <LessonProgressBar lesson={lesson.slug} />
        {lesson.intro.length > 0 ? <BodyBlocks blocks={lesson.intro} defaultTerminal={firstTerminal} terminals={lesson.terminals} /> : null}
        <ol className="space-y-6">
          {lesson.steps.map((step, i) => (
            <li key={step.id}>
              <LessonStep step={step} index={i} terminals={lesson.terminals} />
            </li>
          ))}
        </ol>
        <LessonComplete title={lesson.title} next={next} />
        <LessonPager previous={previous} next={next} />
      </article>
    </LessonWorkspace>
  );
}

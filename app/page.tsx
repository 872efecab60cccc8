// The catalogue route: every lesson, in order, and any lesson file problems.
import { LessonCatalogue } from '../components/catalogue/lesson-catalogue';
import { getLessonCatalogue } from '../server/lessons/load-lessons';

// Lessons are read from disk at request time, so an author sees an edit on reload.
export const dynamic = 'force-dynamic';

export default async function CataloguePage() {
  const catalogue = await getLessonCatalogue();
  return (
    <div className="h-full overflow-y-auto">
      <LessonCatalogue catalogue={catalogue} />
    </div>
  );
}

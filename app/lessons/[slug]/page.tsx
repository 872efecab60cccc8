// The lesson route: loads one lesson (404 if unknown) and its neighbours, and renders the lesson view.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LessonView } from '../../../components/lesson/lesson-view';
import { getLesson, getLessonCatalogue } from '../../../server/lessons/load-lessons';

// Lessons are read from disk at request time, so an author sees an edit on reload.
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const lesson = await getLesson((await params).slug);
  return { title: lesson?.title ?? 'Lesson not found', description: lesson?.summary };
}

export default async function LessonPage({ params }: Props) {
  const { slug } = await params;
  const [lesson, { lessons }] = await Promise.all([getLesson(slug), getLessonCatalogue()]);
  if (!lesson) notFound();
  const ref = (l: { slug: string; title: string } | undefined) => (l ? { slug: l.slug, title: l.title } : null);
  const index = lessons.findIndex((l) => l.slug === slug);
  const prerequisites = lesson.prerequisites.map((p) => ref(lessons.find((l) => l.slug === p)) ?? { slug: p, title: p });
  return <LessonView lesson={lesson} prerequisites={prerequisites} previous={ref(lessons[index - 1])} next={ref(lessons[index + 1])} />;
}

// NamespaceBadge: a small coloured label naming the namespace type a lesson is about.
import type { LessonFrontmatter } from '../../core/lesson/schema';

type Namespace = LessonFrontmatter['namespace'];

/** One hue per namespace type, all dark-on-light pairs above 4.5:1 contrast. */
const HUES: Record<Namespace, string> = {
  cgroup: 'bg-orange-50 text-orange-800 ring-orange-200',
  ipc: 'bg-fuchsia-50 text-fuchsia-800 ring-fuchsia-200',
  mnt: 'bg-amber-50 text-amber-800 ring-amber-200',
  net: 'bg-sky-50 text-sky-800 ring-sky-200',
  pid: 'bg-rose-50 text-rose-800 ring-rose-200',
  time: 'bg-indigo-50 text-indigo-800 ring-indigo-200',
  user: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  uts: 'bg-teal-50 text-teal-800 ring-teal-200',
  all: 'bg-stone-100 text-stone-700 ring-stone-300',
};

export function NamespaceBadge({ namespace }: { namespace: Namespace }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 font-mono text-xs font-medium ring-1 ring-inset ${HUES[namespace]}`}>
      {namespace === 'all' ? 'all namespaces' : `${namespace} ns`}
    </span>
  );
}

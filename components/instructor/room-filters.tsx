// RoomFilters: narrow the room to a lesson, a step of it, a state and (in a lab of many nodes) a node; and switch between the compact table and the cards.
'use client';

import type { WorkshopLesson } from '../../core/protocol';
import { LEARNER_STATES, STATE_LABEL, type LearnerState, type RoomFilter } from './room';

export type RoomView = 'compact' | 'cards';

type Props = {
  lessons: readonly WorkshopLesson[];
  /** The lab nodes of the room (room.ts roomNodes): empty for one node, and then there is no Node filter. */
  nodes: readonly string[];
  filter: RoomFilter;
  onFilter: (f: RoomFilter) => void;
  view: RoomView;
  onView: (v: RoomView) => void;
  shown: number;
  total: number;
};

const select = 'rounded border border-line bg-surface px-1.5 py-0.5 text-sm text-ink';

export function RoomFilters({ lessons, nodes, filter, onFilter, view, onView, shown, total }: Props) {
  const lesson = lessons.find((l) => l.slug === filter.lesson) ?? null;
  return (
    <div role="group" aria-label="Filter learners" className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-line bg-surface px-4 py-1.5 text-sm">
      <label className="flex items-center gap-1 text-muted">
        Lesson
        <select data-testid="filter-lesson" className={select} value={filter.lesson ?? ''} onChange={(e) => onFilter({ ...filter, lesson: e.target.value || null, step: null })}>
          <option value="">All lessons</option>
          {lessons.map((l) => (
            <option key={l.slug} value={l.slug}>
              {l.title}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1 text-muted">
        Step
        <select
          data-testid="filter-step"
          className={select}
          disabled={!lesson}
          value={filter.step ?? ''}
          onChange={(e) => onFilter({ ...filter, step: e.target.value === '' ? null : e.target.value === 'done' ? 'done' : Number(e.target.value) })}
        >
          <option value="">{lesson ? 'Any step' : 'Pick a lesson first'}</option>
          {lesson?.steps.map((s, i) => (
            <option key={s.id} value={i + 1}>
              {i + 1}. {s.title}
            </option>
          ))}
          {lesson && <option value="done">Finished</option>}
        </select>
      </label>
      <label className="flex items-center gap-1 text-muted">
        State
        <select data-testid="filter-state" className={select} value={filter.state ?? ''} onChange={(e) => onFilter({ ...filter, state: (e.target.value || null) as LearnerState | null })}>
          <option value="">Any state</option>
          {LEARNER_STATES.map((s) => (
            <option key={s} value={s}>
              {STATE_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      {nodes.length > 0 && (
        <label className="flex items-center gap-1 text-muted">
          Node
          <select data-testid="filter-node" className={select} value={filter.node ?? ''} onChange={(e) => onFilter({ ...filter, node: e.target.value || null })}>
            <option value="">Any node</option>
            {nodes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      )}
      <span data-testid="filter-count" className="text-muted" aria-live="polite">
        {shown === total ? `${total} shown` : `${shown} of ${total} shown`}
      </span>
      <div role="group" aria-label="View" className="ml-auto flex overflow-hidden rounded border border-line">
        {(['compact', 'cards'] as const).map((v) => (
          <button
            key={v}
            type="button"
            aria-pressed={view === v}
            onClick={() => onView(v)}
            className={`px-2 py-0.5 text-xs ${view === v ? 'bg-accent-soft font-semibold text-accent-strong' : 'text-ink-soft hover:text-ink'}`}
          >
            {v === 'compact' ? 'Compact' : 'Cards'}
          </button>
        ))}
      </div>
    </div>
  );
}

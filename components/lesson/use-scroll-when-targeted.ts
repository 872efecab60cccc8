// useScrollWhenTargeted: brings an element (a step, the completion panel) into view when the lesson's focus moves to it.
'use client';

import { useEffect, useRef } from 'react';
import { useProgress } from './lesson-progress-provider';

export function useScrollWhenTargeted<E extends HTMLElement>(id: string) {
  const ref = useRef<E>(null);
  const { scrollTarget } = useProgress();
  useEffect(() => {
    if (scrollTarget?.id !== id) return;
    const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    ref.current?.scrollIntoView({ behavior: reduceMotion ? 'auto' : 'smooth', block: 'start' });
  }, [scrollTarget, id]);
  return ref;
}

// goToSection: takes the learner to a step or the completion panel they asked for: scrolls it to the top of the lesson pane and moves the focus to its heading.
'use client';

/**
 * Only ever called from an explicit request (a "Next step" or "Go to step" control): the page never
 * moves by itself, so a learner reading the text under a command is not carried away from it.
 */
export function goToSection(id: string): void {
  const section = document.getElementById(id);
  if (!section) return;
  // The section's heading (marked data-focus-target, tabIndex -1) takes the focus, so a screen reader reads where the learner arrived.
  const target = section.querySelector<HTMLElement>('[data-focus-target]') ?? section;
  // Focus first without scrolling, so the scroll below is the one movement the learner sees.
  target.focus({ preventScroll: true });
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  section.scrollIntoView({ behavior: reduceMotion ? 'auto' : 'smooth', block: 'start' });
  // The address says where the learner is, so a reload or a shared link lands on the same step.
  window.history.replaceState(window.history.state, '', `#${id}`);
}

// BackToStepLink: the control just before a terminal (Esc then Shift+Tab lands on it) that takes the keyboard back to the lesson's current step.
'use client';

/**
 * The current step is found by its standard marker, `aria-current="step"`, and its heading (marked
 * `data-focus-target`) takes the focus; the terminal knows nothing else about the lesson. After
 * the last step there is no current step, and the lesson's completion heading takes the focus.
 */
function focusCurrentStep(): void {
  const target =
    document.querySelector<HTMLElement>('[aria-current="step"] [data-focus-target]') ??
    document.querySelector<HTMLElement>('[aria-current="step"]') ??
    document.querySelector<HTMLElement>('[data-testid="lesson-complete"] [data-focus-target]');
  if (!target) return;
  target.focus({ preventScroll: true });
  // Nearest: the step comes into view without the lesson jumping further than it must.
  target.scrollIntoView({ block: 'nearest' });
}

export function BackToStepLink() {
  return (
    <a
      href="#main"
      data-testid="back-to-step"
      onClick={(e) => {
        e.preventDefault();
        focusCurrentStep();
      }}
      className="sr-only focus:not-sr-only focus:absolute focus:top-1.5 focus:left-3 focus:z-20 focus:rounded-md focus:bg-term-raised focus:px-2 focus:py-0.5 focus:text-xs focus:text-term-text"
    >
      Back to the current step
    </a>
  );
}

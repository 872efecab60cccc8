// The UTS lesson finished with the keyboard alone, in real Chromium: Skip to terminal, typing, Esc then Tab out, Run by Enter and Space, Next step; no mouse.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, waitForTerminalText } from './support/browser';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';
import { lessonStep, passesByItself } from './support/lesson-steps';

/** Most Tab presses any one move may take (an Esc to pass a terminal not counted): a bound on how far apart the controls a learner needs are. */
const MAX_TABS = 25;

type Focus = { tag: string; testid: string | null; terminal: string | null; step: string | null; text: string };

describe('the UTS lesson with the keyboard only', () => {
  let lab: LabProcess;
  let page: Page;
  const tabCounts: string[] = [];

  withLabInBrowser((env) => {
    ({ lab, page } = env);
  });

  const focus = (): Promise<Focus> =>
    page.evaluate(() => {
      const el = document.activeElement;
      return {
        tag: `${el?.tagName.toLowerCase()}${el?.getAttribute('aria-label') ? `[${el.getAttribute('aria-label')}]` : ''}`,
        testid: el?.getAttribute('data-testid') ?? null,
        terminal: el?.closest('[data-terminal-name]')?.getAttribute('data-terminal-name') ?? null,
        step: el?.closest('[data-step-id]')?.getAttribute('data-step-id') ?? null,
        text: (el?.textContent ?? '').trim().slice(0, 60),
      };
    });

  /**
   * Presses Tab (or Shift+Tab when the target comes earlier in the page) until `selector` has the
   * focus, as a sighted keyboard user would; returns the number of presses.
   */
  const tabTo = async (selector: string, why: string): Promise<number> => {
    const forward = await page.evaluate((sel) => {
      const target = document.querySelector(sel);
      if (!target) throw new Error(`nothing matches ${sel}`);
      const active = document.activeElement;
      return !active || active === document.body || (active.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    }, selector);
    const key = forward ? 'Tab' : 'Shift+Tab';
    for (let n = 1; n <= MAX_TABS; n++) {
      // Tab inside a terminal is the shell's: passing through one takes Esc first, as its hint says.
      if ((await focus()).terminal !== null) await page.keyboard.press('Escape');
      await page.keyboard.press(key);
      if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) {
        tabCounts.push(`${why}: ${n}`);
        return n;
      }
    }
    throw new Error(`${why}: ${selector} not reached in ${MAX_TABS} presses; the focus is on ${JSON.stringify(await focus())}`);
  };

  const stepSel = (id: string) => `[data-testid="lesson-step"][data-step-id="${id}"]`;

  it('opens the lesson; the first Tab is "Skip to terminal", and Enter puts the focus into Terminal 1', async () => {
    await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
    await waitForTerminalText(page, 'one', /root@lab:~# $/m, 30_000);
    await page.keyboard.press('Tab');
    await expect(focus()).resolves.toMatchObject({ testid: 'skip-to-terminal', text: 'Skip to terminal' });
    await page.keyboard.press('Enter');
    await expect(focus()).resolves.toMatchObject({ terminal: 'one' });
  });

  it('Esc then Tab leaves the terminal, the hint saying so; Shift+Tab comes back in', async () => {
    const hint = page.locator('[data-testid="leave-hint"][data-terminal="one"]');
    await expect(hint.isVisible()).resolves.toBe(true);
    await expect(hint.textContent()).resolves.toContain('Esc then Tab to leave');
    // Tab alone stays in the terminal: it is the shell's completion key.
    await page.keyboard.press('Tab');
    await expect(focus()).resolves.toMatchObject({ terminal: 'one' });
    await page.keyboard.press('Escape');
    await expect(hint.getAttribute('data-armed')).resolves.toBe('true');
    await screenshot(page, 'keyboard-leave-armed');
    await page.keyboard.press('Tab');
    const outside = await focus();
    expect(outside.terminal, `focus after Esc, Tab: ${JSON.stringify(outside)}`).toBeNull();
    expect(outside.tag, 'the focus moved on to a control, not back to the page').not.toBe('body');
    console.log(`after Esc, Tab the focus is on ${outside.tag} ${outside.text}`);
    await page.keyboard.press('Shift+Tab');
    await expect(focus()).resolves.toMatchObject({ terminal: 'one' });
    await expect(hint.getAttribute('data-armed')).resolves.toBe('false');
  });

  it('the namespace map is one tab stop after the terminal, with the arrow keys inside', async () => {
    const stops = await page.evaluate(
      () => [...document.querySelectorAll<HTMLElement>('[data-testid="map-body"] button, [data-testid="map-body"] [tabindex]')].filter((el) => el.tabIndex >= 0).length,
    );
    expect(stops).toBe(1);
    await tabTo('[data-testid="map-body"] [data-roving-key][tabindex="0"]', 'the map from the terminal');
    const first = await page.evaluate(() => document.activeElement?.getAttribute('data-roving-key'));
    await page.keyboard.press('ArrowDown');
    const below = await page.evaluate(() => document.activeElement?.getAttribute('data-roving-key'));
    expect(below).not.toBe(first);
    await page.keyboard.press('ArrowRight');
    const right = await page.evaluate(() => ({ key: document.activeElement?.getAttribute('data-roving-key'), tab: (document.activeElement as HTMLElement).tabIndex }));
    expect(right.key).toMatch(/^\d+:(cgroup|ipc|mnt|net|pid|time|user|uts)$/);
    expect(right.tab).toBe(0);
    // Back into Terminal 1 the same way.
    for (let n = 0; n < MAX_TABS && (await focus()).terminal !== 'one'; n++) await page.keyboard.press('Shift+Tab');
    await expect(focus()).resolves.toMatchObject({ terminal: 'one' });
  });

  it('step 1 by typing in the terminal (the shell never saw the Escape or the Tab: the command runs as typed)', async () => {
    await page.keyboard.press('Control+U'); // whatever the Tab completed on the empty line goes
    await page.keyboard.type('readlink /proc/$$/ns/uts');
    await page.keyboard.press('Enter');
    await waitForTerminalText(page, 'one', /^uts:\[\d+\]$/m);
    await passesByItself(lessonStep(page, 0));
    // Back to the lesson: Esc then Shift+Tab lands on "Back to the current step", which takes the focus to step 2.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Tab');
    await expect(focus()).resolves.toMatchObject({ testid: 'back-to-step', text: 'Back to the current step' });
    await page.keyboard.press('Enter');
    await expect(focus()).resolves.toMatchObject({ step: 'one-shot', terminal: null });
  });

  it('every other step with Next step, Show solution and Run (Enter or Space), the focus staying on Run', async () => {
    const ids = await page.getByTestId('lesson-step').evaluateAll((els) => els.map((el) => el.getAttribute('data-step-id')!));
    for (let i = 1; i < ids.length; i++) {
      const id = ids[i]!;
      await expect(focus().then((f) => f.step)).resolves.toBe(id);
      await tabTo(`${stepSel(id)} [data-testid="solution-button"]`, `step ${i + 1}'s Show solution`);
      await page.keyboard.press('Enter');
      const run = `${stepSel(id)} [data-testid="step-solution"] [data-testid="run-button"]`;
      await tabTo(run, `step ${i + 1}'s Run`);
      await page.keyboard.press(i % 2 === 0 ? 'Enter' : 'Space');
      // Run typed into the terminal and left the focus where it was.
      await expect(page.evaluate((sel) => document.activeElement?.matches(sel), run)).resolves.toBe(true);
      await expect(page.locator(`${stepSel(id)} [data-testid="step-solution"] [role="status"]`).textContent()).resolves.toContain('Sent to Terminal');
      await passesByItself(lessonStep(page, i));
      // Moving on is the learner's choice: the passed step's own control takes the focus to the next one.
      await tabTo(`${stepSel(id)} [data-testid="next-step"]`, `step ${i + 1}'s Next step`);
      await page.keyboard.press('Enter');
    }
    await page.getByTestId('lesson-complete').waitFor();
    await expect(page.evaluate(() => document.activeElement?.closest('[data-testid="lesson-complete"]') !== null)).resolves.toBe(true);
    await screenshot(page, 'keyboard-lesson-complete');
    console.log(`Tab presses per move: ${tabCounts.join('; ')}`);
  });
});

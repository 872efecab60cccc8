// axe-core in the page under test: injects it and lists the critical and serious violations, readable in a failure message.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core');

type AxeNode = { target: unknown[]; failureSummary?: string };
type AxeViolation = { id: string; impact: string | null; help: string; helpUrl: string; nodes: AxeNode[] };

/** The impacts that fail a page: WCAG failures that block or seriously hinder someone. */
const BLOCKING = new Set(['critical', 'serious']);

/**
 * Runs axe on the whole page as it is now (every rule axe ships, WCAG 2.x A and AA among them) and
 * returns one line per critical or serious violation with the elements it found, [] for none.
 */
export async function blockingViolations(page: Page): Promise<string[]> {
  // Colours mid-transition (a step turning current, a button turning primary) are no page's real colours:
  // wait until every finite animation and transition has ended (spinners loop forever and are left alone).
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
  const injected = await page.evaluate(() => 'axe' in window);
  if (!injected) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact !== null && BLOCKING.has(v.impact))
    .map((v) => {
      const nodes = v.nodes.map((n) => `    ${JSON.stringify(n.target)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`);
      return `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('\n')}`;
    });
}

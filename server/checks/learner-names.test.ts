// Every verdict the check engine writes for the real lessons names terminals as the learner sees them ("Terminal 2"), never by internal name (`two`).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Check } from '../../core/checks/check-schema';
import type { Lesson } from '../../core/lesson/schema';
import { NAMESPACE_TYPES } from '../../core/namespaces';
import { ProcessTree } from '../../core/probe/process-tree';
import { BASE, sampleProcess } from '../../core/probe/sample-snapshot';
import type { Sandbox } from '../machine/machine';
import { parseLesson } from '../lessons/parse-lesson';
import type { CheckContext } from './check-context';
import { evaluateCheck } from './evaluate-check';

const LESSONS_DIR = path.join(process.cwd(), 'lessons');
const lessons: Lesson[] = readdirSync(LESSONS_DIR)
  .filter((n) => n.endsWith('.md') && n !== 'README.md')
  .map((n) => {
    const parsed = parseLesson(n, readFileSync(path.join(LESSONS_DIR, n), 'utf8'));
    if (!parsed.ok) throw new Error(`${n} does not parse: ${JSON.stringify(parsed.error)}`);
    return parsed.value;
  });

/** The check without any author's reason, so every verdict is the engine's own words. */
function engineWordsOnly(check: unknown): unknown {
  if (Array.isArray(check)) return check.map(engineWordsOnly);
  if (check === null || typeof check !== 'object') return check;
  return Object.fromEntries(
    Object.entries(check)
      .filter(([k]) => k !== 'reason')
      .map(([k, v]) => [k, engineWordsOnly(v)]),
  );
}

/** Each check kind, each part of an `all`, evaluated on its own: a failing part hides the ones after it. */
const parts = (check: Check): Check[] => (check.kind === 'all' ? check.checks.flatMap(parts) : [check]);

/** Each terminal runs a shell; with `nested`, also a `sleep` below it in new namespaces of every type. */
function world(terminals: string[], nested: boolean): ProcessTree {
  const inode = (t: number) => Object.fromEntries(NAMESPACE_TYPES.map((type) => [type, 500 + t * 10 + NAMESPACE_TYPES.indexOf(type)]));
  const processes = [
    sampleProcess(1, 0, 'bwrap'),
    ...terminals.flatMap((name, t) => {
      const shell = sampleProcess(10 + t * 10, 1, 'bash', name);
      return nested ? [shell, sampleProcess(11 + t * 10, shell.pid, 'sleep', name, inode(t))] : [shell];
    }),
  ];
  return new ProcessTree({ version: 1, self: 999, processes });
}

const sandbox = { exec: async () => ({ exitCode: 0, stdout: 'lab\n', stderr: '', timedOut: false }) } as unknown as Sandbox;

/** A verdict that names terminal `name` by its internal name: `terminal two`, `terminal "two"`, `"two"`. */
const namesInternally = (text: string, name: string) => new RegExp(`\\bterminal\\s+["\`]?${name}\\b|["\`]${name}["\`]`, 'i').test(text);

describe('terminal names in verdicts', () => {
  it.each(lessons.filter((l) => l.terminals.length > 0).map((l) => [l.slug, l] as const))('%s: the engine names terminals by their titles', async (_slug, lesson) => {
    const names = lesson.terminals.map((t) => t.name);
    const titles = lesson.terminals.map((t) => t.title);
    const reasons: string[] = [];
    for (const nested of [false, true]) {
      for (const step of lesson.steps) {
        for (const part of parts(Check.parse(engineWordsOnly(step.check)))) {
          for (const execs of [[], null]) {
            const ctx: CheckContext = {
              tree: world(names, nested),
              sandbox,
              terminal: step.terminal ?? names[0]!,
              outputSince: () => `root@lab:~# hostname\nlab\nuts:[${BASE.uts}]\n`,
              execsSince: () => execs,
              terminalTitle: (name) => lesson.terminals.find((t) => t.name === name)?.title ?? 'another terminal',
            };
            reasons.push((await evaluateCheck(part, ctx)).reason);
          }
        }
      }
    }
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) {
      // What is left once the titles are taken out must not name a terminal.
      const rest = titles.reduce((text, title) => text.replaceAll(title, '…'), reason);
      for (const name of names) expect(namesInternally(rest, name), `"${reason}" names terminal ${name}`).toBe(false);
    }
  });

  it('catches a leak: an internal name in a verdict is reported', () => {
    expect(namesInternally('no process of terminal "two" yet', 'two')).toBe(true);
    expect(namesInternally('no process of terminal two yet', 'two')).toBe(true);
    expect(namesInternally('no process of Terminal 2 yet', 'two')).toBe(false);
  });
});

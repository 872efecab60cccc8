// A lesson file with a mistake gets problems naming file, line and field; a good one parses into steps and blocks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLesson } from './parse-lesson';
import { getLessonCatalogue } from './load-lessons';
import { stringMatching } from '../../test/support/matchers';

const lesson = (frontmatter: string, body = '## First {#first}\n\nRun it:\n\n```sh\nhostname\n```\n') => `---\n${frontmatter}\n---\n${body}`;
const GOOD = `slug: demo
title: Demo
summary: A demo.
namespace: uts
order: 1
minutes: 5
steps:
  - id: first
    check: { kind: output, pattern: lab }
    solution: [hostname]`;

describe('parseLesson', () => {
  it('parses frontmatter, intro and steps with runnable code blocks', () => {
    const r = parseLesson('lessons/demo.md', lesson(GOOD));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.terminals).toEqual([{ name: 'shell', title: 'Terminal' }]);
    expect(r.value.steps[0]).toMatchObject({ id: 'first', title: 'First', solution: ['hostname'] });
    expect(r.value.steps[0]!.body).toEqual([
      { kind: 'prose', html: '<p>Run it:</p>\n' },
      { kind: 'code', code: 'hostname', lang: 'sh', terminal: null, runnable: true },
    ]);
  });

  it('names the line and field of a wrong value', () => {
    const r = parseLesson('lessons/demo.md', lesson(GOOD.replace('minutes: 5', 'minutes: lots')));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error[0]).toMatchObject({ file: 'lessons/demo.md', line: 7, field: 'minutes' });
  });

  it('names an unknown field and says to remove it', () => {
    const r = parseLesson('lessons/demo.md', lesson(`${GOOD}\n    chek: {}`));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error[0]).toMatchObject({ line: 12, field: 'steps.0.chek' });
    expect(r.error[0]!.message).toMatch(/unknown field "chek"/);
  });

  it('reports YAML syntax errors with a line', () => {
    const r = parseLesson('lessons/demo.md', lesson('slug: [unclosed\ntitle: x'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error[0]!.message).toMatch(/^YAML/);
    expect(r.error[0]!.line).toBeGreaterThan(1);
  });

  it('finds a step without a heading and a heading without a step', () => {
    const r = parseLesson('lessons/demo.md', lesson(GOOD, '## Other {#other}\n\ntext\n'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.error.map((p) => p.message).join('\n');
    expect(messages).toMatch(/no "## Title \{#first\}" heading/);
    expect(messages).toMatch(/heading \{#other\} but "steps" has no step/);
  });

  it('says which required field is missing', () => {
    const r = parseLesson('lessons/demo.md', lesson(GOOD.replace('    check: { kind: output, pattern: lab }\n', '')));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error[0]).toMatchObject({ field: 'steps.0.check', message: stringMatching(/missing "check"/) });
  });

  it('refuses an unknown check kind, naming the known ones', () => {
    const r = parseLesson('lessons/demo.md', lesson(GOOD.replace('kind: output', 'kind: telepathy')));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error[0]!.field).toBe('steps.0.check.kind');
  });

  it('refuses a file without frontmatter', () => {
    const r = parseLesson('lessons/demo.md', '# Just markdown');
    expect(r.ok).toBe(false);
  });
});

describe('the lessons in lessons/', () => {
  it('all load without problems', async () => {
    const catalogue = await getLessonCatalogue();
    expect(catalogue.problems).toEqual([]);
    expect(catalogue.lessons.map((l) => l.slug)).toContain('uts');
  });

  it('each file is named after its slug', async () => {
    const catalogue = await getLessonCatalogue();
    for (const l of catalogue.lessons) expect(readFileSync(l.file, 'utf8')).toContain(`slug: ${l.slug}`);
  });
});

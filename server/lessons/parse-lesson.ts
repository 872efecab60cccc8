// Parses one lesson file (YAML frontmatter + Markdown body) into a validated Lesson, or problems that name line and field.
import { LineCounter, parseDocument, isMap, type Document } from 'yaml';
import { Lexer, Parser, type Token, type Tokens } from 'marked';
import type { z } from 'zod';
import { LessonFrontmatter, type BodyBlock, type Lesson, type LessonProblem, type LessonStep } from '../../core/lesson/schema';
import { err, ok, type Result } from '../../core/result';

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;
/** A step heading: `## Title {#step-id}`. */
const STEP_HEADING = /^(.*?)\s*\{#([a-z0-9-]+)\}\s*$/;
const RUNNABLE_LANGS = new Set(['sh', 'bash', 'shell']);

export function parseLesson(file: string, text: string): Result<Lesson, LessonProblem[]> {
  const match = FRONTMATTER.exec(text);
  if (!match) {
    return err([problem(file, 1, null, 'the file must start with a frontmatter block between two "---" lines')]);
  }
  const yamlText = match[1] ?? '';
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return err(doc.errors.map((e) => problem(file, lineOf(lineCounter, e.pos[0]), null, `YAML: ${e.message.split('\n')[0]}`)));
  }
  const parsed = LessonFrontmatter.safeParse(doc.toJS());
  if (!parsed.success) return err(parsed.error.issues.map((issue) => zodProblem(file, doc, lineCounter, issue)));
  const meta = parsed.data;

  const bodyStartLine = yamlText.split('\n').length + 3;
  const sections = splitSections(text.slice(match[0].length));
  const problems: LessonProblem[] = [];
  const steps: LessonStep[] = [];
  const terminalNames = new Set(meta.terminals.map((t) => t.name));
  for (const [i, step] of meta.steps.entries()) {
    const section = sections.steps.get(step.id);
    if (!section) {
      problems.push(problem(file, bodyStartLine, `steps.${i}.id`, `no "## Title {#${step.id}}" heading in the body for step "${step.id}"; add one`));
      continue;
    }
    if (step.terminal && !terminalNames.has(step.terminal)) {
      problems.push(problem(file, null, `steps.${i}.terminal`, `terminal "${step.terminal}" is not declared in "terminals"`));
    }
    const body = toBlocks(section.tokens);
    for (const block of body) {
      if (block.kind === 'code' && block.terminal && !terminalNames.has(block.terminal)) {
        problems.push(problem(file, null, `steps.${i}`, `a code block names terminal "${block.terminal}", which is not declared in "terminals"`));
      }
    }
    steps.push({ ...step, title: section.title, body });
  }
  const known = new Set(meta.steps.map((s) => s.id));
  for (const id of sections.steps.keys()) {
    if (!known.has(id)) problems.push(problem(file, null, 'steps', `the body has a heading {#${id}} but "steps" has no step with id "${id}"; add it`));
  }
  if (new Set(meta.steps.map((s) => s.id)).size !== meta.steps.length) {
    problems.push(problem(file, null, 'steps', 'two steps share an id; step ids must be unique'));
  }
  if (problems.length > 0) return err(problems);

  const { steps: _metaSteps, ...rest } = meta;
  return ok({ ...rest, file, intro: toBlocks(sections.intro), steps });
}

type Sections = { intro: Token[]; steps: Map<string, { title: string; tokens: Token[] }> };

function splitSections(body: string): Sections {
  const sections: Sections = { intro: [], steps: new Map() };
  let current: Token[] = sections.intro;
  for (const token of new Lexer().lex(body)) {
    if (token.type === 'heading' && (token as Tokens.Heading).depth === 2) {
      const heading = STEP_HEADING.exec((token as Tokens.Heading).text);
      if (heading) {
        current = [];
        sections.steps.set(heading[2] ?? '', { title: heading[1] ?? '', tokens: current });
        continue;
      }
    }
    current.push(token);
  }
  return sections;
}

/** Prose runs become one HTML block each; fenced code becomes a CodeBlock (runnable for sh/bash). */
function toBlocks(tokens: Token[]): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  let prose: Token[] = [];
  const flush = () => {
    if (prose.some((t) => t.type !== 'space')) blocks.push({ kind: 'prose', html: Parser.parse(prose) });
    prose = [];
  };
  for (const token of tokens) {
    if (token.type !== 'code') {
      prose.push(token);
      continue;
    }
    flush();
    const code = token as Tokens.Code;
    const [lang = 'text', ...info] = (code.lang ?? '').split(/\s+/).filter(Boolean);
    const terminal = info.find((w) => w.startsWith('terminal='))?.slice('terminal='.length) ?? null;
    const runnable = RUNNABLE_LANGS.has(lang) && !info.includes('norun');
    blocks.push({ kind: 'code', code: code.text, lang, terminal, runnable });
  }
  flush();
  return blocks;
}

function zodProblem(file: string, doc: Document, lines: LineCounter, issue: z.core.$ZodIssue): LessonProblem {
  let path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys' && issue.keys[0]) path = [...path, issue.keys[0]];
  let line: number | null = null;
  for (let depth = path.length; depth >= 0 && line === null; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) line = lineOf(lines, node.range[0]);
    if (depth === 0 && line === null && isMap(doc.contents)) line = 1;
  }
  const field = path.length > 0 ? path.join('.') : null;
  const last = path.at(-1);
  const missing = issue.code === 'invalid_type' && / received undefined$/.test(issue.message) && typeof last === 'string';
  const how =
    issue.code === 'unrecognized_keys'
      ? `unknown field "${issue.keys.join('", "')}"; remove it or check its spelling`
      : missing
        ? `missing "${last}"; add it (lessons/README.md describes every field)`
        : issue.message;
  return problem(file, line, field, how);
}

/** Frontmatter lines are counted from the file's first line, which holds the opening "---". */
const lineOf = (lines: LineCounter, offset: number): number => lines.linePos(offset).line + 1;

const problem = (file: string, line: number | null, field: string | null, message: string): LessonProblem => ({ file, line, field, message });

// The lesson file format: a YAML frontmatter schema (validated with zod) plus the parsed Markdown body.
import { z } from 'zod';
import { NAMESPACE_TYPES, NamespaceType } from '../namespaces';
import { Check } from '../checks/check-schema';
import { TerminalSpec } from '../protocol';
import { Prediction } from './prediction';
import { Watch } from './watch';

export { NAMESPACE_TYPES, NamespaceType };

const Slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lowercase letters, digits and single dashes, e.g. "uts" or "build-a-container"');

/** One command of a way to do a step: typed into the step's terminal, or into the one named. */
const WayCommand = z.union([z.string().min(1), z.object({ terminal: Slug, run: z.string().min(1) }).strict()]);

/**
 * Another way to do a step (`accepts`: it must pass) or a tempting shortcut or half-done state (`rejects`:
 * it must not), as commands typed from where the step begins; the lesson test runs each in a fresh sandbox.
 */
export const StepWay = z.union([
  z.array(WayCommand).min(1),
  z
    .object({
      /** What this way shows, for the test's report and the next author. */
      why: z.string().optional(),
      run: z.array(WayCommand).min(1),
      /** For rejects: the reason the learner reads must match this (it explains the mistake). */
      reason: z.string().optional(),
    })
    .strict(),
]);
export type StepWay = z.infer<typeof StepWay>;

export const StepMeta = z
  .object({
    /** Matches the `{#id}` of the step's `##` heading in the body. */
    id: Slug,
    /** Terminal that the step's Run buttons and solution type into; defaults to the lesson's first. */
    terminal: Slug.optional(),
    /** How the lab confirms the step from the machine's state (see core/checks/check-schema.ts). */
    check: Check,
    /** Namespace types the namespace map should highlight during this step. */
    highlight: z.array(NamespaceType).default([]),
    /** Hints, revealed one at a time. */
    hints: z.array(z.string()).default([]),
    /** Commands that complete the step, typed into the step's terminal in order. */
    solution: z.array(z.string()).min(1, 'give at least one command that completes the step'),
    /** Other valid ways: each must pass the check (e.g. `sh` for `bash`, short flags, `nsenter -a`, busybox tools). */
    accepts: z.array(StepWay).default([]),
    /** Shortcuts and half-done states: each must fail the check (e.g. `echo` of the expected text, a plain command outside). */
    rejects: z.array(StepWay).default([]),
    /** A question the learner answers before running the step's command (see ./prediction.ts). */
    prediction: Prediction.optional(),
    /** The system call the syscall timeline points out during this step, e.g. `setns` (see ./watch.ts). */
    watch: Watch.optional(),
  })
  .strict();
export type StepMeta = z.infer<typeof StepMeta>;

export const LessonFrontmatter = z
  .object({
    slug: Slug,
    title: z.string().min(1),
    /** One sentence for the catalogue card. */
    summary: z.string().min(1),
    /** The namespace type the lesson is about, or `all` for lessons about the tools (unshare, nsenter, capstone). */
    namespace: z.union([NamespaceType, z.literal('all')], { error: `use one of ${NAMESPACE_TYPES.join(', ')}, or all` }),
    /** Position in the catalogue, lowest first. */
    order: z.number().int().min(0),
    /** Expected time to complete (in minutes). */
    minutes: z.number().int().min(1).max(240),
    /** Slugs of lessons worth doing first. */
    prerequisites: z.array(Slug).default([]),
    /** Terminals the lesson opens, e.g. `host` and `container`; the first is focused. */
    terminals: z
      .array(TerminalSpec)
      .min(1)
      .default([{ name: 'shell', title: 'Terminal' }]),
    /** Shell commands run inside the sandbox before step 1 (e.g. preparing a root filesystem). */
    setup: z.array(z.string()).default([]),
    steps: z.array(StepMeta).min(1, 'a lesson needs at least one step'),
  })
  .strict();
export type LessonFrontmatter = z.infer<typeof LessonFrontmatter>;

/** A runnable block of the body: a fenced ```sh block; `terminal=NAME` in its info string picks the terminal. */
export type CodeBlock = { kind: 'code'; code: string; lang: string; terminal: string | null; runnable: boolean };
/** Body text between code blocks, as trusted HTML rendered from the lesson's Markdown. */
export type ProseBlock = { kind: 'prose'; html: string };
export type BodyBlock = CodeBlock | ProseBlock;

export type LessonStep = StepMeta & { title: string; body: BodyBlock[] };

export type Lesson = Omit<LessonFrontmatter, 'steps'> & {
  /** Where the lesson came from, relative to the project, e.g. `lessons/uts.md`. */
  file: string;
  intro: BodyBlock[];
  steps: LessonStep[];
};

/** A lesson file that could not be loaded; the catalogue shows it instead of crashing. */
export type LessonProblem = { file: string; line: number | null; field: string | null; message: string };

export type LessonCatalogue = { lessons: Lesson[]; problems: LessonProblem[] };

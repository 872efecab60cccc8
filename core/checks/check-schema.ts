// The closed set of declarative step checks a lesson may use; each kind is one schema variant and one function on the server.
import { z } from 'zod';
import { NamespaceType } from '../namespaces';

const TerminalName = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
/** A regular expression given as a string, checked to compile (placeholders such as {{sandbox:uts}} count as text). */
const Pattern = z.string().refine((s) => {
  try {
    new RegExp(s.replace(/\{\{[a-z]+:[a-z0-9-]+\}\}/g, '0'), 'm');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

/**
 * Programs a check must never name: a step is about what a process *is* (its namespaces, maps, PID),
 * and any shell (bash, dash, busybox sh, a login -bash) may be the one the learner started.
 */
export const SHELL_NAMES = ['bash', 'sh', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'fish', 'busybox', '-bash', '-sh'];
const ProgramName = z
  .string()
  .min(1)
  .refine((s) => !SHELL_NAMES.includes(s), 'do not match a shell by its name: describe the process by its state instead (newNs, sandboxNs, innerPid, uid, uidMap)');

const common = {
  /** What the learner reads when the check fails; says what to do. The engine's own reason is used when absent. */
  reason: z.string().optional(),
};

/** Which processes a check is about, by what they are (all given fields must hold). */
export const selectorFields = {
  /** Only processes started from this terminal (its shell and everything below it). */
  terminal: TerminalName.optional(),
  /** In a namespace other than the sandbox's own, for each of these types. */
  newNs: z.array(NamespaceType).optional(),
  /** In the sandbox's own namespace, for each of these types. */
  sandboxNs: z.array(NamespaceType).optional(),
  /** The kernel's name of a program that is not a shell (e.g. `sleep`, `httpd`). */
  comm: ProgramName.optional(),
  /** Its command line matches (for programs that are not shells). */
  args: Pattern.optional(),
  /** Its PID inside its innermost pid namespace, e.g. 1. */
  innerPid: z.number().int().optional(),
  /** Its uid as the sandbox sees it (e.g. 1000 for `learner`; an unmapped one shows as 65534). */
  uid: z.number().int().optional(),
  /** Its /proc/PID/uid_map (lines joined by ";", fields by single spaces) matches, e.g. '^0 1000 1$'. */
  uidMap: Pattern.optional(),
};
export const Selector = z.object(selectorFields).strict();
export type Selector = z.infer<typeof Selector>;

/** Some process (matching the selector) is in a namespace of `type` other than the sandbox's own (or, with new: false, no such process is). */
export const NamespaceCheck = z
  .object({
    kind: z.literal('namespace'),
    type: NamespaceType,
    new: z.boolean().default(true),
    ...selectorFields,
    ...common,
  })
  .strict();

/** A process matching the selector is running. */
export const ProcessCheck = z
  .object({
    kind: z.literal('process'),
    ...selectorFields,
    /** With false: passes when no such process is running. */
    running: z.boolean().default(true),
    ...common,
  })
  .strict();

/**
 * Runs a command inside the namespaces of a learner's process (via nsenter) and matches what it prints.
 * `target`: `terminal` = every distinct set of namespaces among the processes the selector picks (of the
 * step's terminal unless `terminal` is given), deepest first; the check passes when one of them does.
 * `sandbox` = the sandbox's own namespaces. `enter`: which namespace types to enter (default all but user).
 */
export const RunCheck = z
  .object({
    kind: z.literal('run'),
    command: z.string().min(1),
    target: z.enum(['terminal', 'sandbox']).default('terminal'),
    ...selectorFields,
    enter: z.array(NamespaceType).optional(),
    stdout: Pattern.optional(),
    notStdout: Pattern.optional(),
    exitCode: z.number().int().optional(),
    ...common,
  })
  .strict();

/**
 * The terminal printed a line matching `pattern` since the step began. The pattern may name the kernel's
 * state, so that only what the machine really shows matches: {{sandbox:TYPE}} is the inode of the sandbox's
 * own namespace of TYPE, {{new:TYPE}} any live namespace of TYPE other than it, {{pid:TERMINAL}} the PID of
 * any process of that terminal (as the sandbox sees it).
 */
export const OutputCheck = z
  .object({
    kind: z.literal('output'),
    pattern: Pattern,
    terminal: TerminalName.optional(),
    ...common,
  })
  .strict();

/**
 * The terminal printed what `command` prints when run (by the lab) in the namespaces of a process the
 * selector picks: every line of it, in order. For steps that look at state without changing it, so that
 * the text on screen must be the machine's own answer, not one that merely looks like it.
 */
export const ShowsCheck = z
  .object({
    kind: z.literal('shows'),
    command: z.string().min(1),
    /** Whose namespaces the lab runs `command` in. */
    of: Selector.default({}),
    enter: z.array(NamespaceType).optional(),
    /** Only lines matching this count (default: every non-empty line). */
    lines: Pattern.optional(),
    /** The terminal that must have printed it (default: the step's). */
    terminal: TerminalName.optional(),
    ...common,
  })
  .strict();

/**
 * Since the step began, a program started (execve) from the terminal inside the namespaces the selector
 * fields describe: confirms an action that leaves no state behind (a one-shot `unshare`, an `nsenter` that
 * reads and exits). Seen by the lab's host-side tracer; where the machine cannot be traced, the check says so.
 */
export const RanCheck = z
  .object({
    kind: z.literal('ran'),
    terminal: TerminalName.optional(),
    newNs: z.array(NamespaceType).optional(),
    sandboxNs: z.array(NamespaceType).optional(),
    /** In the same namespace, for each of these types, as a live process the `as` selector picks. */
    sameNsAs: z
      .object({ types: z.array(NamespaceType).min(1), as: Selector })
      .strict()
      .optional(),
    ...common,
  })
  .strict();

export type Check =
  | z.infer<typeof NamespaceCheck>
  | z.infer<typeof ProcessCheck>
  | z.infer<typeof RunCheck>
  | z.infer<typeof OutputCheck>
  | z.infer<typeof ShowsCheck>
  | z.infer<typeof RanCheck>
  | { kind: 'all'; checks: Check[]; reason?: string };

export const Check: z.ZodType<Check, unknown> = z.lazy(() =>
  z.discriminatedUnion('kind', [NamespaceCheck, ProcessCheck, RunCheck, OutputCheck, ShowsCheck, RanCheck, z.object({ kind: z.literal('all'), checks: z.array(Check).min(1), ...common }).strict()]),
);

/** A check's verdict: passed, or a reason the learner can act on. */
export const CheckVerdict = z.object({ passed: z.boolean(), reason: z.string() });
export type CheckVerdict = z.infer<typeof CheckVerdict>;

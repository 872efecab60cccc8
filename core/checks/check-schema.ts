// The closed set of declarative step checks a lesson may use; each kind is one schema variant and one function on the server.
import { z } from 'zod';
import { NamespaceType } from '../namespaces';

const TerminalName = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
/** A regular expression given as a string, checked to compile. */
const Pattern = z.string().refine((s) => {
  try {
    new RegExp(s, 'm');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

const common = {
  /** What the learner reads when the check fails; says what to do. The engine's own reason is used when absent. */
  reason: z.string().optional(),
};

/** Some process (of `terminal`, named `comm`) is in a namespace of `type` other than the sandbox's own (or the same, with `new: false`). */
export const NamespaceCheck = z
  .object({
    kind: z.literal('namespace'),
    type: NamespaceType,
    new: z.boolean().default(true),
    terminal: TerminalName.optional(),
    comm: z.string().optional(),
    ...common,
  })
  .strict();

/** A process is running (of `terminal`), whose name is `comm` and/or whose command line matches `args`. */
export const ProcessCheck = z
  .object({
    kind: z.literal('process'),
    comm: z.string().optional(),
    args: Pattern.optional(),
    terminal: TerminalName.optional(),
    /** Its PID inside its innermost pid namespace, e.g. 1. */
    innerPid: z.number().int().optional(),
    ...common,
  })
  .strict();

/**
 * Runs a command inside the namespaces of a learner's process (via nsenter) and matches what it prints.
 * `target`: `terminal` = the newest process of the step's terminal (its foreground program),
 * `sandbox` = the sandbox's own namespaces. `enter`: which namespace types to enter (default all).
 */
export const RunCheck = z
  .object({
    kind: z.literal('run'),
    command: z.string().min(1),
    target: z.enum(['terminal', 'sandbox']).default('terminal'),
    terminal: TerminalName.optional(),
    enter: z.array(NamespaceType).optional(),
    /** Only processes whose name is this count as the target (e.g. `bash`, to skip a `sleep` in the foreground). */
    comm: z.string().optional(),
    stdout: Pattern.optional(),
    notStdout: Pattern.optional(),
    exitCode: z.number().int().optional(),
    ...common,
  })
  .strict();

/** Last resort: the terminal printed a line matching `pattern` since the step began. */
export const OutputCheck = z
  .object({
    kind: z.literal('output'),
    pattern: Pattern,
    terminal: TerminalName.optional(),
    ...common,
  })
  .strict();

export type Check =
  | z.infer<typeof NamespaceCheck>
  | z.infer<typeof ProcessCheck>
  | z.infer<typeof RunCheck>
  | z.infer<typeof OutputCheck>
  | { kind: 'all'; checks: Check[]; reason?: string };

export const Check: z.ZodType<Check, unknown> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    NamespaceCheck,
    ProcessCheck,
    RunCheck,
    OutputCheck,
    z.object({ kind: z.literal('all'), checks: z.array(Check).min(1), ...common }).strict(),
  ]),
);

/** A check's verdict: passed, or a reason the learner can act on. */
export const CheckVerdict = z.object({ passed: z.boolean(), reason: z.string() });
export type CheckVerdict = z.infer<typeof CheckVerdict>;

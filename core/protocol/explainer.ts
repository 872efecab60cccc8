// The explainer's push: a classic mistake recognised in a terminal, explained from the state the lab saw.

/** The mistakes the explainer knows, one recogniser each on the server. */
export const EXPLANATION_IDS = [
  /** `unshare --pid` without `--fork`: the namespace's init has exited and every fork fails. */
  'pid-no-fork',
  /** A new pid namespace whose /proc still belongs to the old one (`ps` shows the old processes or fails). */
  'stale-proc',
  /** A uid_map or gid_map written a second time: the maps are write-once. */
  'id-map-twice',
  /** gid_map written by an unprivileged process before `deny` went into setgroups. */
  'gid-map-setgroups',
  /** A map written from inside the namespace by a process with no capabilities there. */
  'id-map-from-inside',
  /** `unshare` or `mount` refused: no privilege in the current user namespace. */
  'no-privilege',
  /** A network device looked for in one network namespace while it is in another (or nowhere). */
  'device-elsewhere',
  /** `nsenter` into a PID that no longer exists. */
  'nsenter-gone',
  /** A mount made outside did not reach a copied mount namespace: the mounts are not peers. */
  'mount-not-propagated',
] as const;
export type ExplanationId = (typeof EXPLANATION_IDS)[number];

/** One thing to do about the mistake: why, and the command (copyable, runnable in the terminal). */
export type FixStep = { say: string; command: string | null };

/** The man page (and section) that describes the rule behind the mistake. */
export type ManPageRef = {
  /** e.g. `pid_namespaces(7)`. */
  page: string;
  /** The section of the page, e.g. `The namespace init process`. */
  section: string;
  /** A link that opens the page at that section. */
  url: string;
};

/**
 * Pushed to the session's pages when a command in one of its terminals showed a recognised
 * mistake and the lab's state confirmed it. The page shows it beside that terminal until the
 * learner dismisses it; a newer explanation with the same `id` for the same terminal replaces it.
 * Text in `body` and `say` marks commands, paths and names with `backticks`.
 */
export type Explanation = {
  sessionId: string;
  id: ExplanationId;
  /** Name of the terminal it is about (e.g. `one`). */
  terminal: string;
  title: string;
  /** What happened, in plain words built from what the lab saw (PIDs, namespaces, devices): one or two short paragraphs. */
  body: string[];
  /** Why: the kernel's rule behind it, in paragraphs (the page shows them on request). */
  why: string[];
  fix: FixStep[];
  man: ManPageRef;
  /** When it was recognised (ms since the epoch); also tells two explanations of one id apart. */
  at: number;
};

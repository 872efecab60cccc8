// Which node holds each learner's live sandbox: the contract the session manager asks before it starts one, and the answer for a lab of one node.

/**
 * A learner's home after a claim: `here` (this node holds, or now takes, their sandbox; `replaced` names the
 * dead or draining node whose sandbox this one replaces), `elsewhere` (another live node holds it), or
 * `unknown` (the shared database did not answer: nobody can tell whether another node holds it, so no
 * sandbox is started; `reason` is for the log, not the learner).
 */
export type HomeClaim = { kind: 'here'; replaced: string | null } | { kind: 'elsewhere'; node: string } | { kind: 'unknown'; reason: string };

/** What a learner is told when their home cannot be looked up. */
export const DATABASE_UNREACHABLE_MESSAGE = 'the lab cannot reach its database; try again in a moment';

export interface NodeHomes {
  /** This node's id (NSLAB_NODE_ID). */
  readonly node: string;
  /**
   * Makes this node the learner's home unless another live node already is. A home whose heartbeat is
   * recent but may be stale (the node just died) is waited for until its heartbeat expires, at most
   * HOME_EXPIRY_MS, so a learner moved by the balancer after a crash is served rather than refused.
   */
  claim(learner: string): Promise<HomeClaim>;
  /** The learner has no session here any more: another node may take them without waiting. */
  release(learner: string): Promise<void>;
  /** Tells the other nodes this one is draining: its learners may start afresh elsewhere at once. */
  setDraining(): Promise<void>;
  /** Null while the shared database answers this node (its heartbeat, its last claim); else why not. */
  unreachable(): string | null;
  /** Stops the heartbeat and forgets this node and its learners' homes; safe to call twice. */
  dispose(): Promise<void>;
}

/** A lab of one node (SQLite): every learner's home is here. */
export const singleNode = (node: string): NodeHomes => ({
  node,
  claim: async () => ({ kind: 'here', replaced: null }),
  release: async () => {},
  setDraining: async () => {},
  unreachable: () => null,
  dispose: async () => {},
});

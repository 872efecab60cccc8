// How an operator stops a node, by signal: SIGTERM (Kubernetes, `systemctl stop`) drains for NSLAB_DRAIN_SECONDS, SIGUSR2 drains a node without stopping it at once, SIGINT closes every session now.
//
// Draining is a signal and not an HTTP endpoint: the lab has no operator accounts, an endpoint guarded by a token
// would be one more secret to guess or leak, and one "reachable on loopback only" is reachable by everyone through
// an nginx on the same host. Who may signal the process is already decided by the kernel (root, or its own user).
// SIGUSR1 is not free: Node starts its inspector on it.
import { toDisposable, type IDisposable } from '../../core/lifecycle';
import type { Logger } from '../log';

export type StopSignalOptions = {
  /** Drains the node (see LabServer.drain), then resolves once it is closed. */
  drain: (deadlineMs: number) => Promise<void>;
  /** Closes every session at once. */
  close: () => Promise<void>;
  /** Called once the node is closed, whichever way: disposes the lab machine and ends the process. */
  exit: () => Promise<void>;
  /** NSLAB_DRAIN_SECONDS (in milliseconds; 0: SIGTERM closes at once). */
  drainMs: number;
  /**
   * How long SIGUSR2 drains when NSLAB_DRAIN_SECONDS is 0 (in milliseconds): the idle timeout, the longest a
   * learner who walked away keeps their session anyway. SIGUSR2 is asked for on purpose, so it always drains.
   */
  idleMs: number;
  log: Logger;
};

/** Listens for SIGTERM, SIGUSR2 and SIGINT on this process; dispose stops listening. */
export function handleStopSignals(o: StopSignalOptions): IDisposable {
  let draining = false;
  let closing = false;
  const closeNow = (signal: string) => {
    if (closing) return;
    closing = true;
    o.log.info(`${signal}: closing sessions…`);
    void o.close().then(o.exit);
  };
  const drain = (signal: string, deadlineMs: number, then: string) => {
    draining = true;
    o.log.info(`${signal}: draining (at most ${Math.round(deadlineMs / 1000)} s; ${then})…`);
    void o.drain(deadlineMs).then(o.exit);
  };
  const onTerm = () => {
    if (draining || o.drainMs === 0) return closeNow('SIGTERM');
    drain('SIGTERM', o.drainMs, 'a second SIGTERM closes sessions now');
  };
  const onUsr2 = () => {
    if (draining || closing) return o.log.info('SIGUSR2: already draining or closing');
    drain('SIGUSR2', o.drainMs > 0 ? o.drainMs : o.idleMs, 'the node exits once its learners have left; SIGTERM or SIGINT closes sessions now');
  };
  const onInt = () => closeNow('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGUSR2', onUsr2);
  process.on('SIGINT', onInt);
  return toDisposable(() => {
    process.off('SIGTERM', onTerm);
    process.off('SIGUSR2', onUsr2);
    process.off('SIGINT', onInt);
  });
}

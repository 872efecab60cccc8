// The host uids the benchmark's sandboxes use: a block of slots of their own, away from `npm start`'s and the tests'.
import { DEFAULT_SANDBOX_OPTIONS, UIDS_PER_SANDBOX } from '../server/machine/sandbox-options';

/**
 * First slot of the benchmark's range. `npm start` and the end-to-end tests use slots from 0,
 * test labs 256–3271, the probe test 3000–3199. A server removes every process in its own
 * range at start (stale cleanup), so sharing a range with a running test would kill its
 * sandboxes, and theirs ours.
 */
const BENCH_FIRST_SLOT = 3_300;

export const BENCH_UID_BASE = DEFAULT_SANDBOX_OPTIONS.uidBase + BENCH_FIRST_SLOT * UIDS_PER_SANDBOX;

/** The uids of `slots` sandboxes from BENCH_UID_BASE: [uidBase, uidLimit). */
export const benchUidRange = (slots: number) => ({ uidBase: BENCH_UID_BASE, uidLimit: BENCH_UID_BASE + slots * UIDS_PER_SANDBOX });

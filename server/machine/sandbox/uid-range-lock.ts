// Claims a host uid range for this server, so two lab servers on one host never share (or clean up) each other's sandboxes.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UID_LIMIT, UIDS_PER_SANDBOX } from '../sandbox-options';

/** Where the claims live: one file per range (named by its first uid), holding "<owner pid> <end uid>". */
const LOCK_DIRS = ['/run/nslab', path.join(os.tmpdir(), 'nslab-uid-ranges')];

export type UidRange = { base: number; end: number; release(): void };

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function lockDir(): string {
  for (const dir of LOCK_DIRS) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      return dir;
    } catch {
      // Not writable here (e.g. no /run): try the next place.
    }
  }
  throw new Error('no writable directory for uid range claims');
}

/** Ranges claimed by live servers (including this process), as [base, end) pairs; dead claimants' files are removed. */
function liveClaims(dir: string): { base: number; end: number }[] {
  const claims: { base: number; end: number }[] = [];
  for (const name of readdirSync(dir)) {
    const m = /^range-(\d+)\.pid$/.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    let owner: number;
    let end: number;
    try {
      [owner, end] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number) as [number, number];
    } catch {
      continue; // released meanwhile
    }
    if (Number.isInteger(owner) && owner > 0 && (owner === process.pid || alive(owner))) claims.push({ base: Number(m[1]), end: end || Number(m[1]) + 1 });
    else {
      try {
        // The claimant died without releasing: its range is free again (its leftovers are cleaned by whoever takes it).
        unlinkSync(file);
      } catch {
        // Another starting server removed it first.
      }
    }
  }
  return claims;
}

/**
 * The first free range of `maxSandboxes` uid blocks at or after `uidBase`: one that overlaps no
 * live server's claim. The claim file is created with O_EXCL, so two servers starting together
 * cannot both take the same range.
 */
export function claimUidRange(uidBase: number, maxSandboxes: number): UidRange | null {
  const dir = lockDir();
  const span = maxSandboxes * UIDS_PER_SANDBOX;
  let base = uidBase;
  for (let tries = 0; tries < 64 && base + span <= UID_LIMIT; tries++) {
    const end = base + span;
    const overlap = liveClaims(dir).find((c) => c.base < end && base < c.end);
    if (overlap) {
      // Skip past the other server's range, staying aligned to whole sandbox blocks.
      base = overlap.end + ((UIDS_PER_SANDBOX - ((overlap.end - uidBase) % UIDS_PER_SANDBOX)) % UIDS_PER_SANDBOX);
      continue;
    }
    const file = path.join(dir, `range-${base}.pid`);
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, `${process.pid} ${end}`);
      closeSync(fd);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue; // lost a race: look again
      throw e;
    }
    let released = false;
    return {
      base,
      end,
      release: () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(file, 'utf8').startsWith(`${process.pid} `)) unlinkSync(file);
        } catch {
          // Already gone (someone cleaned /run): nothing to release.
        }
      },
    };
  }
  return null;
}

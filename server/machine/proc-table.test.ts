// The shared /proc listing: a caller always gets a listing that started after its call, and callers waiting together share one.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { listProcessesFromNow } from './proc-table';

describe('listProcessesFromNow', () => {
  it('lists a process started while an earlier listing was running, and makes waiting callers share the next listing', async () => {
    const earlier = listProcessesFromNow();
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const waiting = Array.from({ length: 10 }, () => listProcessesFromNow());
      expect(new Set(waiting).size).toBe(1);
      expect(waiting[0]).not.toBe(earlier);
      const listed = await waiting[0]!;
      expect(listed.some((p) => p.pid === child.pid && p.comm === 'sleep')).toBe(true);
      await earlier;
      // Nothing in flight any more: the next caller starts a listing of its own.
      const later = listProcessesFromNow();
      expect(later).not.toBe(waiting[0]);
      await later;
    } finally {
      child.kill('SIGKILL');
    }
  });
});

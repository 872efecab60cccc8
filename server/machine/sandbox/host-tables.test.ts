// raiseHostTables only raises: a table below its least size is written and logged, one above is left alone, one it cannot write is a warning with the fix.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { raiseHostTables } from './host-tables';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fake /proc/sys holding `values` (key -> text). */
function procSys(values: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nslab-host-tables-'));
  dirs.push(dir);
  for (const [key, text] of Object.entries(values)) {
    mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
    writeFileSync(path.join(dir, key), `${text}\n`);
  }
  return dir;
}

it('raises the default pty and file tables and says so', async () => {
  const dir = procSys({ 'kernel/pty/max': '4096', 'fs/file-max': '2471052' });
  const result = await raiseHostTables(dir);
  expect(result.failed).toEqual([]);
  expect(readFileSync(path.join(dir, 'kernel/pty/max'), 'utf8')).toBe('1048576');
  expect(readFileSync(path.join(dir, 'fs/file-max'), 'utf8')).toBe('9223372036854775807');
  expect(result.changed).toEqual([
    expect.stringMatching(/^raised host sysctl kernel\.pty\.max from 4096 to 1048576 /),
    expect.stringMatching(/^raised host sysctl fs\.file-max from 2471052 to 9223372036854775807 /),
  ]);
});

it('leaves a table that is already large enough', async () => {
  const dir = procSys({ 'kernel/pty/max': '1048576', 'fs/file-max': '9223372036854775807' });
  expect(await raiseHostTables(dir)).toEqual({ changed: [], failed: [] });
});

it('warns with the fix when a table cannot be read or written', async () => {
  const dir = procSys({ 'fs/file-max': '9223372036854775807' });
  const result = await raiseHostTables(dir);
  expect(result.changed).toEqual([]);
  expect(result.failed).toEqual([expect.stringMatching(/kernel\.pty\.max .*Fix: sudo sysctl -w kernel\.pty\.max=1048576$/)]);
});

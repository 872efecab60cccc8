// The start script's node flags, as benchmarks and end-to-end tests read them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startScriptNodeFlags } from './start-flags';

describe('startScriptNodeFlags', () => {
  it('reads the flags between node and --import tsx', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nslab-flags-'));
    try {
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { start: 'node --max-semi-space-size=1 --no-warnings --import tsx server/main.ts' } }));
      expect(startScriptNodeFlags(dir)).toEqual(['--max-semi-space-size=1', '--no-warnings']);
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { start: 'node --import tsx server/main.ts' } }));
      expect(startScriptNodeFlags(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds this project’s own', () => {
    expect(startScriptNodeFlags()).toContain('--max-semi-space-size=1');
  });
});

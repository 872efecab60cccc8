// The build stamp: a build counts as fresh until one of its inputs changes.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashBuildInputs, isBuildFresh } from './ensure-build';

describe('isBuildFresh', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'nslab-build-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is stale without a build, fresh after one, stale again when a source changes', () => {
    mkdirSync(path.join(root, 'app'));
    writeFileSync(path.join(root, 'app', 'page.tsx'), 'export default 1');
    expect(isBuildFresh(root)).toBe(false);
    mkdirSync(path.join(root, '.next'));
    writeFileSync(path.join(root, '.next', 'BUILD_ID'), 'x');
    writeFileSync(path.join(root, '.next', 'nslab-build-inputs'), hashBuildInputs(root));
    expect(isBuildFresh(root)).toBe(true);
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(root, 'app', 'page.tsx'), later, later);
    expect(isBuildFresh(root)).toBe(false);
  });
});

// The node flags `npm start` gives the server (read from package.json), so benchmarks and end-to-end tests run the server as it really runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The flags between `node` and `--import tsx` in package.json's start script, e.g. ["--max-semi-space-size=1"]. */
export function startScriptNodeFlags(root = process.cwd()): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const match = /^node\s+(.*?)\s*--import tsx /.exec(pkg.scripts?.start ?? '');
  return match?.[1] ? match[1].split(/\s+/).filter(Boolean) : [];
}

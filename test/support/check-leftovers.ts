// Run by `npm test` before and after all suites: after them, no sandbox process, cgroup, mount or network namespace of ours may remain.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { diffResources, snapshotOurResources, type Snapshot } from './leaks';

const FILE = 'test-artifacts/resources-before.json';
const mode = process.argv[2];

const toJson = (s: Snapshot) => JSON.stringify(s, (_k, v: unknown) => (v instanceof Set ? [...v] : v));
const fromJson = (text: string): Snapshot => {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const set = (k: string) => new Set(raw[k] as string[]);
  return { processes: set('processes'), cgroups: set('cgroups'), netnsNames: set('netnsNames'), netnsInodes: set('netnsInodes'), mounts: set('mounts'), fdCount: 0 };
};

/** Lab servers the tests started (`server/main.ts`), which must all have stopped too. */
const labServers = (): string[] =>
  readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .flatMap((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        return /server\/main\.ts/.test(cmd) ? [`lab server: ${pid} ${cmd.trim()}`] : [];
      } catch {
        return []; // exited meanwhile
      }
    });

const snapshot = { ...(await snapshotOurResources({ dataDir: 'nslab-' })), fdCount: 0 };
const servers = labServers();
if (mode === 'before') {
  writeFileSync(FILE, toJson(snapshot));
  writeFileSync(`${FILE}.servers`, JSON.stringify(servers));
} else {
  // Dying processes take a moment to go; give them a few seconds before calling it a leak.
  let leaks = diffResources(fromJson(readFileSync(FILE, 'utf8')), snapshot);
  for (let i = 0; i < 30 && leaks.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    leaks = diffResources(fromJson(readFileSync(FILE, 'utf8')), { ...(await snapshotOurResources({ dataDir: 'nslab-' })), fdCount: 0 });
  }
  const serversBefore = new Set(JSON.parse(readFileSync(`${FILE}.servers`, 'utf8')) as string[]);
  leaks.push(...labServers().filter((s) => !serversBefore.has(s)));
  if (leaks.length > 0) {
    console.error(`left behind by the tests:\n  ${leaks.join('\n  ')}`);
    process.exit(1);
  }
  console.log('no sandbox processes, cgroups, mounts or network namespaces left behind');
}

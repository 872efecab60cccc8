// The lab server as `server/main.ts` starts it, except that sandboxes take the benchmark's own uid range (and NSLAB_WARM_SANDBOXES is passed on).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config/config';
import { startLabServer } from '../server/lab-server';
import { createLogger } from '../server/log';
import type { LabMachine } from '../server/machine/machine';
import { createHostMachine } from '../server/machine/host-machine';
import { createSandboxMachine } from '../server/machine/sandbox-machine';
import { DEFAULT_SANDBOX_OPTIONS, UIDS_PER_SANDBOX } from '../server/machine/sandbox-options';
import { ensureBuild } from '../server/web/ensure-build';
import { BENCH_UID_BASE } from './uid-range';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const log = createLogger();
  const config = loadConfig(process.env, process.argv.slice(2), root);
  if (!config.ok) throw new Error(config.error);
  const c = config.value;
  let machine: LabMachine;
  if (c.machine === 'host') machine = createHostMachine();
  else {
    const sandbox = await createSandboxMachine({
      ...DEFAULT_SANDBOX_OPTIONS,
      uidBase: BENCH_UID_BASE,
      dataDir: path.join(c.dataDir, 'sandbox'),
      pidsMax: c.pidsMax,
      memoryBytes: c.memoryBytes,
      cpus: c.cpus,
      tmpfsBytes: c.tmpfsBytes,
      maxSandboxes: c.maxSessions,
      warmSandboxes: c.warmSandboxes,
    });
    if (!sandbox.ok) throw new Error(sandbox.error.message);
    machine = sandbox.value;
    // A sandbox machine that claims its range may have moved past ours (another server held it): report what it took.
    const claimed = (machine as { uidRange?: { uidBase: number; uidLimit: number } }).uidRange;
    console.log(`bench uid range: ${claimed?.uidBase ?? BENCH_UID_BASE} ${claimed?.uidLimit ?? BENCH_UID_BASE + c.maxSessions * UIDS_PER_SANDBOX}`);
  }
  await machine.cleanupStale();
  if (!c.apiOnly && !ensureBuild(root, (m) => log.info(m))) throw new Error('the web app failed to build');
  const server = await startLabServer({ config: c, machine, log, web: !c.apiOnly, root });
  console.log(`nslab ready: ${server.url}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await machine.dispose();
    process.exit(0);
  };
  // `on`, not `once`: tsx relays SIGTERM again when a busy server (200 sessions closing) does not
  // answer its first relay within a few milliseconds, and a second SIGTERM without a listener kills
  // the server midway through closing its sessions.
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error('bench lab server: failed to start', e);
  process.exit(1);
});

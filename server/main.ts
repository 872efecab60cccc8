// `npm start` / `npm run dev`: validate config, prepare the lab machine, build if stale, serve, and shut down cleanly.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from './config/config';
import { startLabServer } from './lab-server';
import { createLogger, type Logger } from './log';
import type { LabMachine } from './machine/machine';
import { createHostMachine } from './machine/host-machine';
import { createSandboxMachine } from './machine/sandbox-machine';
import { checkSandboxPrerequisites } from './machine/sandbox/preflight';
import { DEFAULT_SANDBOX_OPTIONS } from './machine/sandbox-options';
import { ensurePackages } from './preflight/install-packages';
import { ensureBuild } from './web/ensure-build';
import { forLearners } from './workshop/lan-address';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function prepareMachine(config: Config, log: Logger): Promise<LabMachine | string> {
  if (config.machine === 'host') {
    log.warn('NSLAB_MACHINE=host: shells run directly on this machine with NO isolation. Use this only inside a throwaway VM.');
    return createHostMachine();
  }
  if (process.platform !== 'linux') {
    return 'The sandbox needs Linux. On macOS or Windows, run the lab machine in the Vagrant VM (see vagrant/ in the README).';
  }
  const installed = ensurePackages((m) => log.info(m));
  if (!installed.ok) return installed.error;
  const problems = await checkSandboxPrerequisites();
  if (problems.length > 0) {
    return ['The sandbox cannot start on this machine:', ...problems.map((p) => `  - ${p.what}\n    fix: ${p.fix}`), 'Or run the lab machine in the Vagrant VM (see vagrant/ in the README).'].join('\n');
  }
  const machine = await createSandboxMachine({
    ...DEFAULT_SANDBOX_OPTIONS,
    dataDir: path.join(config.dataDir, 'sandbox'),
    pidsMax: config.pidsMax,
    memoryBytes: config.memoryBytes,
    tmpfsBytes: config.tmpfsBytes,
    maxSandboxes: config.maxSessions,
  });
  return machine.ok ? machine.value : machine.error.message;
}

async function main(): Promise<void> {
  const log = createLogger();
  const config = loadConfig(process.env, process.argv.slice(2), root);
  if (!config.ok) {
    console.error(config.error);
    process.exit(2);
  }
  const machine = await prepareMachine(config.value, log);
  if (typeof machine === 'string') {
    console.error(`nslab: ${machine}`);
    process.exit(1);
  }
  await machine.cleanupStale();
  if (!config.value.dev && !config.value.apiOnly && !ensureBuild(root, (m) => log.info(m))) {
    console.error('nslab: the web app failed to build (see above).');
    await machine.dispose();
    process.exit(1);
  }
  const server = await startLabServer({ config: config.value, machine, log, web: !config.value.apiOnly, root });
  log.info(`lab machine: ${machine.describe()}`);
  console.log(`nslab ready: ${server.url}`);
  if (server.workshop) {
    const host = config.value.host;
    console.log(`nslab workshop: learners join at ${forLearners(server.workshop.joinUrl, host)} (join code ${server.workshop.joinCode})`);
    console.log(`nslab instructor: ${forLearners(server.workshop.instructorUrl, host)} (keep this one to yourself)`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: closing sessions…`);
    await server.close();
    await machine.dispose();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: unknown) => {
  console.error('nslab: failed to start', e);
  process.exit(1);
});

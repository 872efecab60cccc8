// `npm start` / `npm run dev`: validate config, prepare the lab machine, build if stale, serve, and shut down cleanly.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config/config';
import { startLabServer } from './lab-server';
import { createLogger } from './log';
import { chooseMachine } from './machine/choose-machine';
import { closeInheritedFds } from './preflight/close-inherited-fds';
import { ensureBuild } from './web/ensure-build';
import { forLearners } from './workshop/lan-address';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const log = createLogger();
  // Before any sandbox starts: nothing the server's parent left open may reach a learner.
  const closed = closeInheritedFds();
  if (closed.length > 0) log.info(`closed descriptor(s) ${closed.join(', ')} inherited from the parent process`);
  const config = loadConfig(process.env, process.argv.slice(2), root);
  if (!config.ok) {
    console.error(config.error);
    process.exit(2);
  }
  const machine = await chooseMachine(config.value, root, log);
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
  const status = machine.status?.();
  if (status && status.state !== 'ready') log.info(`lab machine ${status.state}: ${status.summary}`);
  console.log(`nslab ready: ${server.url}`);
  void machine.whenTracing?.().then((attached) => {
    const state = machine.tracing?.();
    if (attached) log.info('exec tracer attached: checks see the commands learners run');
    else if (state?.state === 'unavailable') log.warn(`exec tracer unavailable (${state.why}): checks of commands that leave no trace take the screen on trust`);
  });
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

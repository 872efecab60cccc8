// `npm start` / `npm run dev`: validate config, prepare the lab machine, build if stale, serve, and shut down cleanly.
//
// Two kinds of output: the lab's printed start-up lines (where to browse, the join code) and the reasons it
// could not start go plainly to the console, as a command-line program's own output, through `print` and
// `fail` below; everything that happens while it runs goes through the Logger (timestamped, quiet in tests).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config/config';
import { handleStopSignals } from './cluster/stop-signals';
import { startLabServer } from './lab-server';
import { createLogger } from './log';
import { chooseMachine } from './machine/choose-machine';
import { closeInheritedFds } from './preflight/close-inherited-fds';
import { ensureBuild } from './web/ensure-build';
import { forLearners } from './workshop/lan-address';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One of the lab's start-up lines for the operator (a URL to open, a code to hand out). */
const print = (line: string) => console.log(line);
/** Why the lab could not start: said once, then the process ends with `code`. */
function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

async function main(): Promise<void> {
  const log = createLogger();
  // Before any sandbox starts: nothing the server's parent left open may reach a learner.
  const closed = closeInheritedFds();
  if (closed.length > 0) log.info(`closed descriptor(s) ${closed.join(', ')} inherited from the parent process`);
  const config = loadConfig(process.env, process.argv.slice(2), root);
  if (!config.ok) fail(config.error, 2);
  const chosen = await chooseMachine(config.value, root, log);
  if (!chosen.ok) fail(`nslab: ${chosen.error}`, 1);
  const machine = chosen.value;
  await machine.cleanupStale();
  if (!config.value.dev && !config.value.apiOnly && !ensureBuild(root, (m) => log.info(m))) {
    await machine.dispose();
    fail('nslab: the web app failed to build (see above).', 1);
  }
  const server = await startLabServer({ config: config.value, machine, log, web: !config.value.apiOnly, root });
  // Before "nslab ready": whoever waits for that line (a supervisor, a test) may stop the node at once.
  // SIGTERM drains for NSLAB_DRAIN_SECONDS (as Kubernetes and systemd stop a node), SIGUSR2 drains without a stop
  // command, SIGINT (Ctrl-C) or a second SIGTERM closes every session at once.
  let exiting = false;
  handleStopSignals({
    drain: (deadlineMs) => server.drain(deadlineMs),
    close: () => server.close(),
    exit: async () => {
      if (exiting) return;
      exiting = true;
      await machine.dispose();
      process.exit(0);
    },
    drainMs: config.value.drainSeconds * 1000,
    idleMs: config.value.idleTimeoutMs,
    log,
  });
  log.info(`lab machine: ${machine.describe()}`);
  const status = machine.status?.();
  if (status && status.state !== 'ready') log.info(`lab machine ${status.state}: ${status.summary}`);
  print(`nslab ready: ${server.url}`);
  void machine.whenTracing?.().then((attached) => {
    const state = machine.tracing?.();
    if (attached) log.info('exec tracer attached: checks see the commands learners run');
    else if (state?.state === 'unavailable') log.warn(`exec tracer unavailable (${state.why}): checks of commands that leave no trace take the screen on trust`);
  });
  if (server.workshop) {
    const host = config.value.host;
    print(`nslab workshop: learners join at ${forLearners(server.workshop.joinUrl, host)} (join code ${server.workshop.joinCode})`);
    print(`nslab instructor: ${forLearners(server.workshop.instructorUrl, host)} (keep this one to yourself)`);
  }
}

main().catch((e: unknown) => fail(`nslab: failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, 1));

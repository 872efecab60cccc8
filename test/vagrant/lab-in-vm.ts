// Run by `npm run test:vagrant` once the VM is up: the lab on the `vagrant` machine opens terminals in the VM, resizes one, probes it, and passes a lesson's checks with its solutions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLesson } from '../../server/lessons/load-lessons';
import type { LabMachine } from '../../server/machine/machine';
import { createVagrantMachine } from '../../server/machine/vagrant/vagrant-machine';
import { connectClient, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { LessonRunner } from '../support/lesson-runner';
import { requestOk } from '../support/terminal-client';

/** The VM is already running: reading its ssh-config and logging in over SSH (emulated VM), in milliseconds. */
const READY_TIMEOUT_MS = 120_000;
const LESSONS = ['uts', 'cgroup'];
const LIMITS = { pidsMax: 256, memoryBytes: 256 * 1024 * 1024, tmpfsBytes: 32 * 1024 * 1024, maxSessions: 4 };

const vagrantDir = process.env.NSLAB_VAGRANT_DIR;
if (!vagrantDir) throw new Error('NSLAB_VAGRANT_DIR is not set: run this through `npm run test:vagrant`');

const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
  const t0 = Date.now();
  const value = await run();
  console.log(`lab-in-vm: ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return value;
};

function whenReady(machine: LabMachine): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the vagrant machine was not ready within ${READY_TIMEOUT_MS / 1000} s: ${machine.status?.().summary}`)), READY_TIMEOUT_MS);
    const check = () => {
      const status = machine.status?.();
      if (status?.state === 'ready') {
        clearTimeout(timer);
        stop?.();
        resolve();
      }
    };
    const stop = machine.onStatus?.(check);
    check();
  });
}

/** Types into a terminal until `pattern` shows in its output. */
async function typeAndWait(client: LabClient, terminalId: string, line: string, pattern: RegExp): Promise<string> {
  let seen = '';
  const onOutput = ({ terminalId: id, data }: { terminalId: string; data: Uint8Array }) => {
    if (id === terminalId) seen += Buffer.from(data).toString('utf8');
  };
  client.on('terminal:output', onOutput);
  try {
    client.emit('terminal:input', { terminalId, data: `${line}\r` });
    for (let i = 0; i < 300 && !pattern.test(seen); i++) await new Promise((r) => setTimeout(r, 100));
    if (!pattern.test(seen)) throw new Error(`no ${pattern} after "${line}"; the terminal printed: ${JSON.stringify(seen.slice(-400))}`);
    return seen;
  } finally {
    client.off('terminal:output', onOutput);
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'nslab-lab-in-vm-'));
let lab: TestLab | undefined;
let client: LabClient | undefined;
let failed = false;
try {
  const machine = createVagrantMachine({ dir: vagrantDir, dataDir, instance: 'labinvm', limits: LIMITS, upTimeoutMs: 60_000, onStatusLog: (l) => console.log(`lab-in-vm: ${l}`) });
  lab = await startTestLab({ machine });
  await step('the vagrant machine found the running VM and connected over SSH', async () => {
    await machine.cleanupStale();
    await whenReady(machine);
  });
  client = connectClient(lab);
  await whenConnected(client);

  const c = client;
  await step('a terminal in the VM answers, is resized, and sits in its own namespaces', async () => {
    const session = await requestOk(c, 'session:open', { lesson: 'uts' });
    if (session.machine !== 'vagrant') throw new Error(`the session runs on ${session.machine}, not vagrant`);
    const { terminalId } = await requestOk(c, 'terminal:open', { sessionId: session.sessionId, name: session.terminals[0]!.name, cols: 100, rows: 30 });
    await typeAndWait(c, terminalId, 'echo "in=$(hostname) pid1=$(cat /proc/1/comm) size=$(stty size)"', /in=lab pid1=bwrap size=30 100/);
    await requestOk(c, 'terminal:resize', { terminalId, cols: 132, rows: 43 });
    await typeAndWait(c, terminalId, 'echo "now=$(stty size)"', /now=43 132/);
    await requestOk(c, 'session:close', { sessionId: session.sessionId });
  });

  for (const slug of LESSONS) {
    const lesson = await getLesson(slug);
    if (!lesson) throw new Error(`no lesson ${slug}`);
    await step(`the ${slug} lesson passed every check with its own solutions, in the VM`, async () => {
      const runner = await LessonRunner.start(c, lesson);
      try {
        const problems = await runner.runAllSteps();
        if (problems.length > 0) throw new Error(problems.join('\n'));
      } finally {
        await runner.close();
      }
    });
  }
} catch (e) {
  failed = true;
  console.error(`lab-in-vm: FAILED: ${(e as Error).stack ?? e}`);
} finally {
  client?.close();
  await lab?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

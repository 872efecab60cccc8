// Run by `npm run test:vagrant` with the VM not yet created: `NSLAB_MACHINE=vagrant npm start` brings it up while Chromium shows the progress, then terminals and lessons run in the VM.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, typeInto, waitForTerminalText } from '../../e2e/support/browser';
import { startLabProcess, type LabProcess } from '../support/lab-process';
import { getLesson } from '../../server/lessons/load-lessons';
import { connectTo, whenConnected, type LabClient } from '../support/lab';
import { LessonRunner } from '../support/lesson-runner';
import { requestOk, TerminalClient } from '../support/terminal-client';

/** `vagrant up` of a new VM under emulation, provisioning included (in milliseconds). */
const BOOT_TIMEOUT_MS = 8 * 60_000;
/** bpftrace in the emulated VM compiling and attaching the timeline's program, as the lab allows it (in milliseconds). */
const TRACER_ATTACH_TIMEOUT_MS = 5 * 60_000;
const LESSONS = ['uts', 'cgroup'];

const vagrantDir = process.env.NSLAB_VAGRANT_DIR;
if (!vagrantDir) throw new Error('NSLAB_VAGRANT_DIR is not set: run this through `npm run test:vagrant`');

/** The lab's console without `vagrant up`'s progress: its own warnings and status lines (the tracer's among them). */
const labSaid = (output: string): string =>
  output
    .split('\n')
    .filter((l) => l.trim() && !/^(\S+ vagrant: |==> )/.test(l))
    .slice(-60)
    .join('\n');

const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
  const t0 = Date.now();
  const value = await run();
  console.log(`lab-in-vm: ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return value;
};

let lab: LabProcess | undefined;
let browser: Browser | undefined;
let client: LabClient | undefined;
let failed = false;
try {
  mkdirSync('test-artifacts', { recursive: true });
  // Exactly `npm start`, with the lab machine in the VM; the VM does not exist yet.
  lab = await step('the lab started and serves its lessons while the VM boots', () => startLabProcess({ NSLAB_MACHINE: 'vagrant', NSLAB_VAGRANT_DIR: vagrantDir }));
  browser = await launchBrowser();
  const page: Page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);

  await step('the page shows the VM starting, with vagrant up progress', async () => {
    const card = page.getByTestId('machine-starting');
    await card.waitFor({ timeout: 60_000 });
    await card.getByLabel('Progress').waitFor({ timeout: 120_000 });
    await screenshot(page, 'vagrant-vm-starting');
  });

  await step('the terminal opened by itself once the VM was up, and runs in the VM', async () => {
    await waitForTerminalText(page, 'one', /root@lab:~# $/m, BOOT_TIMEOUT_MS);
    await typeInto(page, 'one', `unshare --uts sh -c 'hostname in-the-vm; hostname'; echo "pid1=$(cat /proc/1/comm) kernel=$(uname -r)"`);
    await waitForTerminalText(page, 'one', /^in-the-vm\npid1=bwrap kernel=\S+$/m, 60_000);
    await screenshot(page, 'vagrant-vm-terminal');
  });
  await step("the syscall timeline shows a call typed in the VM, traced by the VM's own bpftrace", async () => {
    await page.getByTestId('syscall-timeline').waitFor();
    const status = page.getByTestId('timeline-status');
    // Shown while the tracer attaches, and with the reason when it cannot.
    await page
      .waitForFunction(() => !document.querySelector('[data-testid="timeline-status"]'), null, { timeout: TRACER_ATTACH_TIMEOUT_MS })
      .catch(async () => {
        throw new Error(`the timeline is not tracing: ${await status.textContent()}`);
      });
    await typeInto(page, 'one', 'unshare --uts --ipc true');
    const entry = page.locator('[data-testid="timeline-entry"][data-call="unshare"]', { hasText: 'unshare(CLONE_NEWUTS|CLONE_NEWIPC)' });
    await entry
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(async () => {
        // What the tracer said: the page's status line (gone once it was told "ready"), its entries, and the lab's log.
        const said = (await status.count()) ? await status.textContent() : 'none (the page was told the tracer is ready)';
        const entries = await page.getByTestId('timeline-entry').allTextContents();
        throw new Error(
          `no unshare entry within 60 s; the timeline's status: ${said}; its entries: ${entries.join(' | ') || 'none'}\nthe lab's log (tracer warnings, bpftrace's complaints):\n${labSaid(lab!.output())}`,
        );
      });
    if (!/= 0/.test((await entry.first().textContent()) ?? '')) throw new Error(`the entry does not show the call succeeding: ${await entry.first().textContent()}`);
    await screenshot(page, 'vagrant-vm-timeline');
  });
  // How long the VM's bpftrace took to attach, as the lab logged it.
  console.log(`lab-in-vm: ${/the syscall tracer attached .*/.exec(lab.output())?.[0] ?? 'the lab did not log the tracer attaching'}`);
  const consoleLines = lab.output();
  if (!/lab machine starting: starting the VM with vagrant up/.test(consoleLines) || !/vagrant: /.test(consoleLines)) {
    throw new Error(`the lab's console did not show the VM starting:\n${consoleLines.slice(-2000)}`);
  }

  client = connectTo(lab.origin);
  await whenConnected(client);
  const c = client;
  await step('a second terminal is resized over the socket, and the pty in the VM follows', async () => {
    const terminal = await TerminalClient.open(c, 'uts', undefined, { cols: 100, rows: 30 });
    if (terminal.session.machine !== 'vagrant') throw new Error(`the session runs on ${terminal.session.machine}, not vagrant`);
    if ((await terminal.run('stty size')).trim() !== '30 100') throw new Error('the pty in the VM does not have the size asked for');
    await requestOk(c, 'terminal:resize', { terminalId: terminal.terminalId, cols: 132, rows: 43 });
    // The new size travels as ssh's window-change request, which may arrive after the next command: the shell waits for it.
    if ((await terminal.run('until [ "$(stty size)" = "43 132" ]; do sleep 0.05; done; stty size')).trim() !== '43 132') throw new Error('the pty in the VM did not follow the resize');
    await requestOk(c, 'session:close', { sessionId: terminal.session.sessionId });
  });

  for (const slug of LESSONS) {
    const lesson = await getLesson(slug);
    if (!lesson) throw new Error(`no lesson ${slug}`);
    await step(`the ${slug} lesson passed every check with its own solutions, in the VM`, async () => {
      // A second, fresh attempt when the first fails: an emulated VM's timing can trip a solution's
      // own commands (seen once in a lesson's lsns pipeline). The first failure is printed either way.
      for (let attempt = 1; ; attempt++) {
        const runner = await LessonRunner.start(c, lesson);
        let problems: string[];
        try {
          problems = await runner.runAllSteps();
        } finally {
          await runner.close();
        }
        if (problems.length === 0) return;
        if (attempt === 2) throw new Error(problems.join('\n'));
        console.log(`lab-in-vm: the ${slug} lesson failed once, trying it afresh:\n${problems.join('\n')}`);
      }
    });
  }
} catch (e) {
  failed = true;
  console.error(`lab-in-vm: FAILED: ${e instanceof Error && e.stack ? e.stack : String(e)}`);
  if (lab) console.error(`lab-in-vm: the lab's console, without vagrant's progress:\n${labSaid(lab.output())}`);
} finally {
  client?.close();
  await browser?.close();
  await lab?.stop();
}
process.exit(failed ? 1 : 0);

// `npm run test:vagrant`: builds (or reuses) a small Debian box, starts libvirt (software emulation) in a private network namespace, runs test/vagrant/lab-in-vm.ts (the lab brings vagrant/ up and works in it), provisions again, and tears everything down. With NSLAB_VM_DOCKER=1 the VM is provisioned with NSLAB_WITH_DOCKER=1 and test/vagrant/docker-in-vm.ts runs the Docker exercises in it instead.
// Each job is a file in test-vagrant/: preflight, box, libvirt, hook, teardown; run-state holds the options and what the run has made.
import { buildBox } from './test-vagrant/box';
import { children, elapsed, vagrant } from './test-vagrant/commands';
import { runHookWithLogs } from './test-vagrant/hook';
import { startLibvirt } from './test-vagrant/libvirt';
import { preflight } from './test-vagrant/preflight';
import { control, DOCKER, FRESH_BOX, HOOK, LIMIT_S, NAME, state } from './test-vagrant/run-state';
import { results, step, type StepStatus } from './test-vagrant/steps';
import { teardown } from './test-vagrant/teardown';

function onSignal(signal: NodeJS.Signals) {
  if (control.interrupted) {
    console.log(`${signal} again: still cleaning up, please wait`);
    return;
  }
  control.interrupted = signal;
  if (control.tearingDown) {
    console.log(`\n${signal}: cleaning up, please wait`);
    return;
  }
  console.log(`\n${signal}: stopping the current step and cleaning up`);
  for (const child of children) child.killGroup('SIGTERM');
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('SIGHUP', onSignal);

const t0 = Date.now();
try {
  await step('preflight: tools, root, leftovers of killed runs, temporary directory', LIMIT_S.preflight, preflight);
  await step(FRESH_BOX ? 'build the box (fresh)' : 'build the box (or reuse the cached one)', LIMIT_S.box, buildBox);
  await step('start virtlogd and libvirtd in a private network and mount namespace', LIMIT_S.libvirt, startLibvirt);
  await step('vagrant box add', LIMIT_S.boxAdd, async (deadline) => {
    state.boxAdded = true;
    await vagrant(['box', 'add', '--name', NAME, state.boxFile], deadline);
  });
  const hookSays = DOCKER ? 'the VM comes up with NSLAB_WITH_DOCKER=1 and runs the Docker exercises' : 'the lab brings the VM up and works in it';
  await step(`${hookSays}: ip netns exec ${NAME} node --import tsx ${HOOK}`, LIMIT_S.hook, runHookWithLogs);
  await step(`vagrant provision (again: provisioning is idempotent${DOCKER ? ', and finds the images it built' : ''})`, LIMIT_S.provision, async (deadline) => {
    const out = await vagrant(['provision'], deadline);
    if (DOCKER && !(/nslab: the nginx image is there already/.test(out) && /nslab: the busybox image is there already/.test(out))) {
      throw new Error('the second provision did not find the images the first one built');
    }
  });
  await step('vagrant destroy -f', LIMIT_S.destroy, async (deadline) => {
    await vagrant(['destroy', '-f'], deadline);
    state.destroyed = true;
  });
  await step('vagrant box remove', LIMIT_S.boxRemove, async (deadline) => {
    await vagrant(['box', 'remove', '--force', NAME], deadline);
    state.boxRemoved = true;
  });
} finally {
  control.tearingDown = true;
  await step('tear down and check nothing is left', LIMIT_S.teardown, teardown, { always: true });
}

const count = (s: StepStatus) => results.filter((r) => r.status === s).length;
console.log('\nsteps:');
for (const r of results) console.log(`  ${r.status.padEnd(7)} ${(r.ms / 1000).toFixed(1).padStart(6)}s  ${r.name}`);
console.log(`total ${elapsed(t0)}`);
console.log(`\n${count('passed')} passed, ${count('failed')} failed${count('skipped') ? `, ${count('skipped')} skipped` : ''}`);
process.exit(control.interrupted ? (control.interrupted === 'SIGINT' ? 130 : 143) : count('failed') ? 1 : 0);

// The hook: the TypeScript program that brings the VM up and tests in it, run in the run's namespaces; when it fails, the VM's console and libvirt's logs are shown.
import { join } from 'node:path';
import { must, tail, vagrantEnv } from './commands';
import { HOOK, NAME, ROOT, state } from './run-state';

/** The hook, with the VM's console and libvirt's logs shown when it fails (the boot happens inside it). */
export async function runHookWithLogs(deadline: number): Promise<void> {
  try {
    await runHook(deadline);
  } catch (e) {
    const lv = join(state.tmp, 'libvirt/log');
    const logs = [tail(join(state.tmp, 'console.log')), tail(join(lv, 'qemu/vagrant_default.log'), 20), tail(join(lv, 'libvirtd.log'), 20)].filter(Boolean);
    throw new Error([e instanceof Error ? e.message : String(e), ...logs].join('\n'), { cause: e });
  }
}

async function runHook(deadline: number): Promise<void> {
  // The hook brings the VM up: from here on there may be one to destroy.
  state.upStarted = true;
  const env = vagrantEnv();
  await must('nsenter', [`--mount=${state.nsFile}`, `--wd=${ROOT}`, '--', 'ip', 'netns', 'exec', NAME, process.execPath, '--import', 'tsx', HOOK], { deadline, env });
}

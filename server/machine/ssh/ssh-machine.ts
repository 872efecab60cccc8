// The `ssh` lab machine: every session is a set of namespaces on one Linux host reached over SSH (one shared connection).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AsyncDisposableStore, toAsyncDisposable, toDisposable } from '../../../core/lifecycle';
import { err, ok, type Result } from '../../../core/result';
import { createLogger, type Logger } from '../../log';
import type { LabMachine, MachineError, MachineKind, Sandbox } from '../machine';
import { MachineStatusBoard } from '../machine-status';
import { bwrapArgs } from '../sandbox/bwrap-args';
import { COPIED_ETC_ENTRIES, EXCLUDED_ETC_ENTRIES, WRITTEN_ETC_FILES } from '../sandbox/etc-templates';
import { KEEPER_SCRIPT, LAUNCH_SCRIPT } from '../sandbox/launcher';
import { SECCOMP_LOADER, seccompTable } from '../sandbox/seccomp-join';
import { UIDS_PER_SANDBOX } from '../sandbox-options';
import { ControlMaster } from './control-master';
import { LauncherLink } from './launcher-link';
import { REMOTE_UID_BASE } from './ssh-command';
import { SshSandbox, type SshSandboxTracing } from './ssh-sandbox';
import type { SshTarget } from './ssh-target';
import { SshTracer } from './ssh-tracer';

const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** The sandboxes' seccomp filter for every architecture we have one for; the machine picks its own. */
const SECCOMP_TABLE = seccompTable();
const OPEN_TIMEOUT_MS = 20_000;
const CHECK_TIMEOUT_MS = 15_000;

export type SshMachineOptions = {
  target: SshTarget;
  /** Names this server's sessions on the machine (letters, digits, - and _), so servers sharing it keep apart. */
  instance: string;
  /** Limits of each session's sandbox, as on the sandbox machine (sizes in bytes). */
  limits: { pidsMax: number; memoryBytes: number; tmpfsBytes: number; maxSessions: number };
  /** `vagrant` when the Vagrant machine wraps this one. */
  kind?: MachineKind;
  /** Shown first in describe(), e.g. "the Vagrant VM". */
  label?: string;
  /** Told what could not be cleaned up on the machine (default: the server's log). */
  log?: Logger;
  /** false: the syscall timeline's tracer is switched off (NSLAB_SYSCALL_TRACER=0); default on. */
  syscallTracer?: boolean;
};

export type SshMachine = LabMachine & {
  /** Connects (or reconnects) and checks the machine can run sessions; the status says how it went. */
  connect(): Promise<Result<void, string>>;
};

export function createSshMachine(options: SshMachineOptions): SshMachine {
  const log = options.log ?? createLogger();
  /** What the machine holds, let go in reverse: its sessions there, the remote state, the connection, the control directory. */
  const owned = new AsyncDisposableStore();
  const controlDir = mkdtempSync(path.join(os.tmpdir(), 'nslab-ssh-'));
  owned.add(toDisposable(() => rmSync(controlDir, { recursive: true, force: true })));
  const master = owned.add(new ControlMaster(options.target, path.join(controlDir, 'master')));
  const link = new LauncherLink(options.target, master, options.instance);
  const board = new MachineStatusBoard(`connecting to ${link.where} over SSH`);
  const open = new Map<string, SshSandbox>();
  owned.add(
    toAsyncDisposable(async () => {
      if (master.connected) await link.run('cleanup', ['forget'], { timeoutMs: CHECK_TIMEOUT_MS });
    }),
  );
  owned.add(toAsyncDisposable(() => Promise.all([...open.values()].map((s) => s.dispose()))));
  // The sandbox machine's bwrap options; the launcher adds the machine's own /bin, /lib… and nobody waits on bwrap there.
  const bwrapOptions = bwrapArgs({ tmpfsBytes: options.limits.tmpfsBytes, rootEntries: [] })
    .filter((a) => a !== '--die-with-parent')
    .map((a) => `${a}\0`)
    .join('');
  let checkedMaster = false;
  /** One bpftrace on the machine for all its sessions, started once the login is known to work (and whether it is root). */
  let tracer: SshTracer | undefined;
  let connecting: Promise<Result<void, string>> | undefined;

  /** One attempt at a time: sessions opening together share it (and its /etc preparation). */
  function connect(): Promise<Result<void, string>> {
    connecting ??= connectOnce().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  async function connectOnce(): Promise<Result<void, string>> {
    const wasConnected = master.connected;
    const connected = await master.connect();
    if (!connected.ok) {
      checkedMaster = false;
      board.set('failed', connected.error);
      return connected;
    }
    // Once per connection: is the login user root, and does the machine have what sessions need?
    if (!wasConnected || !checkedMaster) {
      const id = await link.plain('id -u', { timeoutMs: CHECK_TIMEOUT_MS });
      if (id.exitCode !== 0) return fail(link.failure(id, 'logging in'));
      link.asRoot = id.stdout.trim() === '0';
      const check = await link.run('check', [], { timeoutMs: CHECK_TIMEOUT_MS });
      if (check.exitCode !== 0) return fail(`${link.where} cannot run the lab's sessions: ${(check.stdout.trim() || link.failure(check, 'checking the machine')).replace(/\n/g, '; ')}`);
      // The sandboxes' curated /etc, made from the machine's own (its PAM, its linker cache) plus our accounts.
      const etc = Object.entries(WRITTEN_ETC_FILES).flat();
      const prepared = await link.run('prepare', [COPIED_ETC_ENTRIES.join(' '), [...EXCLUDED_ETC_ENTRIES].join(' '), ...etc], { timeoutMs: CHECK_TIMEOUT_MS });
      if (prepared.exitCode !== 0) return fail(link.failure(prepared, "preparing the sandboxes' /etc"));
      checkedMaster = true;
      startTracer();
    }
    // Its bpftrace ended with the connection that was lost: it starts again on this one.
    tracer?.restartIfLost();
    board.set('ready', `${options.label ?? link.where}: connected over SSH`);
    return ok(undefined);
  }

  function startTracer(): void {
    if (tracer || owned.isDisposed) return;
    tracer = owned.add(
      new SshTracer({
        link,
        firstUid: REMOTE_UID_BASE,
        limitUid: REMOTE_UID_BASE + options.limits.maxSessions * UIDS_PER_SANDBOX,
        // The marker names this lab's bpftrace among the machine's processes.
        marker: `nslab-trace ${options.instance}`,
        log,
        off: options.syscallTracer === false ? 'the syscall tracer is switched off on this lab (NSLAB_SYSCALL_TRACER=0)' : undefined,
        reconnect: () => void connect(),
      }),
    );
  }

  function fail(message: string): Result<void, string> {
    board.set('failed', message);
    return err(message);
  }

  async function openSandbox(id: string): Promise<Result<Sandbox, MachineError>> {
    if (owned.isDisposed) return err({ code: 'machine_failed', message: 'the lab machine is shutting down' });
    if (!SESSION_ID.test(id)) return err({ code: 'machine_failed', message: `invalid session id ${JSON.stringify(id)}: use 1-64 letters, digits, - and _` });
    if (open.has(id)) return err({ code: 'machine_failed', message: `a session with id ${id} is already open` });
    const connected = await connect();
    if (!connected.ok) return err({ code: 'machine_failed', message: connected.error });
    const { pidsMax, memoryBytes, maxSessions } = options.limits;
    const started = await link.run('open', [id, String(maxSessions), String(pidsMax), String(memoryBytes), LAUNCH_SCRIPT, KEEPER_SCRIPT, SECCOMP_LOADER, SECCOMP_TABLE], {
      input: bwrapOptions,
      timeoutMs: OPEN_TIMEOUT_MS,
    });
    if (started.exitCode !== 0) return err({ code: 'machine_failed', message: link.failure(started, 'starting the session') });
    const hostUid = Number(/^uid=(\d+)$/m.exec(started.stdout)?.[1]);
    const tracing: SshSandboxTracing = !tracer
      ? { why: 'the lab machine is not tracing system calls' }
      : Number.isInteger(hostUid)
        ? { tracer, hostUid }
        : { why: `the launcher on ${link.where} did not say which uids the session runs as` };
    const sandbox: SshSandbox = new SshSandbox(id, link, () => open.delete(id), log, tracing);
    open.set(id, sandbox);
    return ok(sandbox);
  }

  return {
    kind: options.kind ?? 'ssh',
    describe: () => `${options.label ? `${options.label} (${link.where})` : link.where} over SSH, a bubblewrap sandbox per session`,
    connect,
    openSandbox,
    async cleanupStale() {
      // An unreachable machine is not fatal: the lab serves its lessons and retries on the next session.
      const connected = await connect();
      if (!connected.ok) return;
      const cleaned = await link.run('cleanup', [], { timeoutMs: CHECK_TIMEOUT_MS });
      if (cleaned.exitCode !== 0) log.warn(link.failure(cleaned, 'removing sessions a previous run left'));
    },
    dispose: () => owned.dispose(),
    status: () => board.get(),
    onStatus: (listener) => board.subscribe(listener),
  };
}

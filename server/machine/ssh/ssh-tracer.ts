// The SSH machine's one syscall tracer, started again when the connection it ran over comes back; sessions subscribe once and follow it.
import type { AsyncDisposable } from '../../../core/lifecycle';
import type { Logger } from '../../log';
import type { TracerState } from '../../tracer/bpftrace-tracer';
import { RemoteSyscallTracer } from '../../tracer/remote-syscall-tracer';
import type { SyscallRecord } from '../../tracer/syscall-record';
import type { LauncherLink } from './launcher-link';
import { sshBpftraceHost, type SshBpftraceHost } from './ssh-bpftrace-host';

export type SshTracerOptions = {
  link: LauncherLink;
  /** The machine's uids traced: [firstUid, limitUid). */
  firstUid: number;
  limitUid: number;
  /** Names this lab's bpftrace among the machine's processes. */
  marker: string;
  log: Pick<Logger, 'info' | 'warn'>;
  /** Why the tracer is switched off by configuration; it then never starts. */
  off?: string;
  /** Asks the machine to connect again (a tracer that lost its connection after attaching asks once). */
  reconnect(): void;
};

type Subscription = { first: number; count: number; listener: (record: SyscallRecord) => void; unsubscribe: () => void };

export class SshTracer implements AsyncDisposable {
  private current!: RemoteSyscallTracer;
  private host!: SshBpftraceHost;
  /** The connection the current tracer started on (ControlMaster.generation). */
  private generation = 0;
  private readonly subscriptions = new Set<Subscription>();
  /** The stopped tracer being let go before its successor starts: never two bpftraces at once. */
  private replacing: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly o: SshTracerOptions) {
    this.start();
  }

  private start(): void {
    const { link, off, log } = this.o;
    this.generation = link.master.generation;
    let attached = false;
    // A tracer that had attached lost its connection (not its host's ability to trace): once the master
    // is gone too, ask for a new connection, once (it restarts the tracer).
    const host = sshBpftraceHost(link, () => {
      if (attached) void link.master.gone().then(() => !this.disposed && this.o.reconnect());
    });
    const tracer = off !== undefined ? RemoteSyscallTracer.off(host, off) : RemoteSyscallTracer.start(host, this.o.firstUid, this.o.limitUid, this.o.marker, log);
    void tracer.whenReady().then((ok) => (attached = ok));
    this.host = host;
    this.current = tracer;
    for (const s of this.subscriptions) s.unsubscribe = tracer.subscribe(s.first, s.count, s.listener);
  }

  get state(): TracerState {
    return this.replacing ? { state: 'starting' } : this.current.state;
  }

  /** The parent of a sandbox process (the machine's pid) that the current tracer saw fork; null when unknown. */
  parentOf(pid: number): number | null {
    return this.current.parentOf(pid);
  }

  /** Calls `listener` for every call of a uid in [first, first + count), from this tracer and those after it; returns the unsubscribe. */
  subscribe(first: number, count: number, listener: (record: SyscallRecord) => void): () => void {
    const s: Subscription = { first, count, listener, unsubscribe: this.current.subscribe(first, count, listener) };
    this.subscriptions.add(s);
    return () => {
      this.subscriptions.delete(s);
      s.unsubscribe();
    };
  }

  /**
   * Once the machine is connected again: a tracer that stopped because its connection went away starts
   * afresh. One that cannot trace there (no bpftrace, no BTF, no root, too slow to attach) is left so.
   */
  restartIfLost(): void {
    const stopped = this.current.state.state === 'unavailable' && this.host.connectionLost;
    if (this.disposed || this.replacing || !stopped || this.o.link.master.generation === this.generation || !this.o.link.master.connected) return;
    this.o.log.warn(`the syscall tracer on ${this.o.link.where} stopped with the connection; restarting it`);
    this.replacing = this.current.dispose().then(() => {
      this.replacing = undefined;
      if (!this.disposed) this.start();
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.subscriptions.clear();
    await this.replacing;
    await this.current.dispose();
  }
}

// Holds a lab machine's status and tells listeners when it changes (with the last progress lines kept).
import type { MachineStatus } from './machine';

const LOG_LINES = 12;

export class MachineStatusBoard {
  private current: MachineStatus;
  private readonly listeners = new Set<(status: MachineStatus) => void>();

  constructor(summary: string) {
    this.current = { state: 'starting', summary, log: [] };
  }

  get(): MachineStatus {
    return this.current;
  }

  set(state: MachineStatus['state'], summary: string): void {
    if (state === this.current.state && summary === this.current.summary) return;
    this.publish({ ...this.current, state, summary });
  }

  /** A progress line (of a VM booting, say); blank lines are dropped. */
  log(line: string): void {
    const text = line.trimEnd();
    if (!text.trim()) return;
    this.publish({ ...this.current, log: [...this.current.log, text].slice(-LOG_LINES) });
  }

  subscribe(listener: (status: MachineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(next: MachineStatus): void {
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }
}

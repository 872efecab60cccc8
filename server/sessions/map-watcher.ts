// Keeps the namespace map current: probes after terminal activity (debounced) and slowly while the map is on screen.
import type { IDisposable } from '../../core/lifecycle';
import { QuietTimer } from '../../core/quiet-timer';
import type { ProbeSnapshot } from '../../core/probe/probe-schema';
import type { MapUpdate } from '../../core/protocol';
import type { Sandbox } from '../machine/machine';
import { probeProcesses } from '../probe/run-probe';

/**
 * Probe this long after the last terminal activity (in milliseconds). With the probe's own
 * 10–30 ms, a new namespace shows on the map well within half a second of the command.
 */
export const MAP_DEBOUNCE_MS = 120;

/** While the map is visible, refresh this often even without terminal activity (in milliseconds). */
export const MAP_BACKGROUND_REFRESH_MS = 5_000;

export class MapWatcher implements IDisposable {
  private readonly debounce = new QuietTimer(MAP_DEBOUNCE_MS, () => void this.refresh(false));
  private background: NodeJS.Timeout | null = null;
  private probing = false;
  private again = false;
  private lastKey = '';
  private visible = false;
  private disposed = false;

  constructor(
    private readonly sessionId: string,
    private readonly sandbox: () => Sandbox,
    private readonly push: (update: MapUpdate) => void,
  ) {}

  /** Something happened in a terminal; nothing is probed while nothing happens or nobody watches. */
  activity(): void {
    if (this.disposed || !this.visible) return;
    this.debounce.poke();
  }

  setVisible(visible: boolean): void {
    if (this.disposed) return;
    this.visible = visible;
    if (this.background) clearInterval(this.background);
    this.background = null;
    if (!visible) return;
    void this.refresh(true);
    this.background = setInterval(() => void this.refresh(false), MAP_BACKGROUND_REFRESH_MS);
  }

  /** Probe now; push only when processes or namespaces changed (or `force`). */
  async refresh(force: boolean): Promise<void> {
    if (this.probing) {
      this.again = true;
      return;
    }
    this.probing = true;
    try {
      const snapshot = await probeProcesses(this.sandbox());
      if (!snapshot.ok || this.disposed) return;
      const key = mapKey(snapshot.value);
      if (force || key !== this.lastKey) {
        this.lastKey = key;
        this.push({ sessionId: this.sessionId, snapshot: snapshot.value, at: Date.now() });
      }
    } finally {
      this.probing = false;
      if (this.again && !this.disposed) {
        this.again = false;
        void this.refresh(false);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.debounce.cancel();
    if (this.background) clearInterval(this.background);
  }
}

/** What the map draws; CPU times and the like are left out so an idle sandbox does not look changed. */
const mapKey = (s: ProbeSnapshot): string => JSON.stringify(s.processes.map((p) => [p.pid, p.ppid, p.comm, p.uid, p.terminal, p.ns, p.nspid, p.uidMap]));

// The pages attached to one session: what each is told, and whether any of them shows the namespace map.
import type { Explanation, MapUpdate, PredictionRunsUpdate, ProgressUpdate } from '../../core/protocol';
import type { TimelineUpdate } from '../../core/protocol/timeline';

/** What a page attached to the session is told. */
export type SessionEvents = {
  progress(update: ProgressUpdate): void;
  map(update: MapUpdate): void;
  idleWarning(secondsLeft: number): void;
  ended(reason: string): void;
  /** A classic mistake seen in one of the session's terminals, explained. */
  explain(explanation: Explanation): void;
  /** New calls on the syscall timeline, or all recent ones (a replay) when the page attaches. */
  timeline?(update: TimelineUpdate): void;
  /** The learner ran what a prediction is about; all recent runs (a replay) when the page attaches. */
  predictionRuns?(update: PredictionRunsUpdate): void;
};

export class SessionPages {
  /** By socket id, with whether each page shows the map. */
  private readonly pages = new Map<string, { events: SessionEvents; mapVisible: boolean }>();

  get isAttached(): boolean {
    return this.pages.size > 0;
  }

  /** Whether any page shows the namespace map (then the map is kept current). */
  get mapVisible(): boolean {
    return [...this.pages.values()].some((p) => p.mapVisible);
  }

  /** A page (re)attaches; one that attached before keeps its map setting. */
  attach(pageId: string, events: SessionEvents): void {
    this.pages.set(pageId, { events, mapVisible: this.pages.get(pageId)?.mapVisible ?? false });
  }

  detach(pageId: string): void {
    this.pages.delete(pageId);
  }

  showsMap(pageId: string, visible: boolean): void {
    const page = this.pages.get(pageId);
    if (page) page.mapVisible = visible;
  }

  emit(send: (events: SessionEvents) => void): void {
    for (const page of this.pages.values()) send(page.events);
  }

  /** The session ended: `reason` (if any) is the last thing every page hears from it. */
  end(reason: string | undefined): void {
    if (reason) this.emit((e) => e.ended(reason));
    this.pages.clear();
  }
}

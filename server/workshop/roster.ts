// The learners with a page connected right now (a learner may have several tabs), for the dashboard's "online" mark.
export class Roster {
  private readonly pages = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  connect(learner: string): void {
    this.pages.set(learner, (this.pages.get(learner) ?? 0) + 1);
    this.changed();
  }

  disconnect(learner: string): void {
    const left = (this.pages.get(learner) ?? 1) - 1;
    if (left > 0) this.pages.set(learner, left);
    else this.pages.delete(learner);
    this.changed();
  }

  isOnline(learner: string): boolean {
    return this.pages.has(learner);
  }

  get online(): string[] {
    return [...this.pages.keys()];
  }

  /** Called on every join or leave; returns the function that stops listening. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

// Disposables in the manner of VS Code and xterm.js: every resource has one owner, and `dispose()` is safe to call twice.

/**
 * Something that holds a resource (a pty, a timer, a listener, a child process). Synchronous
 * `dispose()` where letting go is immediate; an owner that must wait for its resource to be gone
 * (a sandbox whose processes must die, a machine) has `dispose(): Promise<void>` (see AsyncDisposable).
 */
export interface IDisposable {
  dispose(): void;
}

/** An owner whose teardown must be awaited: the caller may only go on once the resource is gone. */
export interface AsyncDisposable {
  dispose(): Promise<void>;
}

/** Reports errors a store's disposers threw; by default they are thrown once every disposer has run. */
export type DisposeErrorHandler = (error: unknown) => void;

/** `fn` as a disposable that runs it at most once. */
export function toDisposable(fn: () => void): IDisposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/** `fn` as an async disposable that runs it at most once; a second call gets the first call's promise. */
export function toAsyncDisposable(fn: () => Promise<unknown>): AsyncDisposable {
  let running: Promise<void> | undefined;
  return {
    dispose() {
      running ??= fn().then(() => undefined);
      return running;
    },
  };
}

/** One error as itself, several as an AggregateError: what a store throws when no handler was given. */
function rethrow(errors: readonly unknown[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} disposers failed`);
}

/**
 * Everything one owner holds, let go together and in reverse order of acquisition (what was taken
 * last may depend on what was taken first). A disposer that throws does not stop the rest: its error
 * goes to `onError`, or, without one, is thrown once all have run. Adding to a disposed store
 * disposes the item at once, so nothing acquired late leaks.
 */
export class DisposableStore implements IDisposable {
  private readonly items: IDisposable[] = [];
  private disposed = false;

  constructor(private readonly onError?: DisposeErrorHandler) {}

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Takes ownership of `item` and returns it, so acquisition and registration are one expression. */
  add<T extends IDisposable>(item: T): T {
    if (this.disposed) {
      this.disposeAll([item]);
      return item;
    }
    this.items.push(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeAll(this.items.splice(0).reverse());
  }

  private disposeAll(items: readonly IDisposable[]): void {
    const errors: unknown[] = [];
    for (const item of items) {
      try {
        item.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    if (this.onError) errors.forEach((e) => this.onError!(e));
    else rethrow(errors);
  }
}

/**
 * DisposableStore for owners that must wait: each item is awaited before the next (reverse order),
 * so a machine's sandboxes are gone before its tracer and uid range go. Concurrent `dispose()` calls
 * share one teardown.
 */
export class AsyncDisposableStore implements AsyncDisposable {
  private readonly items: (IDisposable | AsyncDisposable)[] = [];
  private disposing: Promise<void> | undefined;

  constructor(private readonly onError?: DisposeErrorHandler) {}

  get isDisposed(): boolean {
    return this.disposing !== undefined;
  }

  /**
   * Takes ownership of `item` and returns it. Added after `dispose()`, it is disposed at once; a
   * failure then goes to `onError`, or without one surfaces as an unhandled rejection (a bug).
   */
  add<T extends IDisposable | AsyncDisposable>(item: T): T {
    if (this.disposing) void this.disposeAll([item]);
    else this.items.push(item);
    return item;
  }

  dispose(): Promise<void> {
    this.disposing ??= this.disposeAll(this.items.splice(0).reverse());
    return this.disposing;
  }

  private async disposeAll(items: readonly (IDisposable | AsyncDisposable)[]): Promise<void> {
    const errors: unknown[] = [];
    for (const item of items) {
      try {
        await item.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    if (this.onError) errors.forEach((e) => this.onError!(e));
    else rethrow(errors);
  }
}

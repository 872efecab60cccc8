// DisposableStore and AsyncDisposableStore: reverse order, once only, failures do not stop the rest and are reported.
import { describe, expect, it } from 'vitest';
import { AsyncDisposableStore, DisposableStore, toAsyncDisposable, toDisposable } from './lifecycle';

describe('toDisposable', () => {
  it('runs its function once, however often it is disposed', () => {
    let runs = 0;
    const d = toDisposable(() => runs++);
    d.dispose();
    d.dispose();
    expect(runs).toBe(1);
  });
});

describe('DisposableStore', () => {
  it('returns what it adds and disposes in reverse order of adding, once', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    const first = toDisposable(() => order.push('first'));
    expect(store.add(first)).toBe(first);
    store.add(toDisposable(() => order.push('second')));
    store.add(toDisposable(() => order.push('third')));
    store.dispose();
    store.dispose();
    expect(order).toEqual(['third', 'second', 'first']);
    expect(store.isDisposed).toBe(true);
  });

  it('runs every disposer when one throws, and reports the error to its handler', () => {
    const order: string[] = [];
    const reported: unknown[] = [];
    const store = new DisposableStore((e) => reported.push(e));
    store.add(toDisposable(() => order.push('first')));
    store.add(
      toDisposable(() => {
        throw new Error('broken');
      }),
    );
    store.add(toDisposable(() => order.push('third')));
    store.dispose();
    expect(order).toEqual(['third', 'first']);
    expect(reported).toEqual([new Error('broken')]);
  });

  it('without a handler, throws once every disposer has run (several errors as one AggregateError)', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('first')));
    store.add(
      toDisposable(() => {
        throw new Error('one');
      }),
    );
    store.add(
      toDisposable(() => {
        throw new Error('two');
      }),
    );
    let thrown: unknown;
    try {
      store.dispose();
    } catch (e) {
      thrown = e;
    }
    expect(order).toEqual(['first']);
    expect(thrown).toBeInstanceOf(AggregateError);
    expect((thrown as AggregateError).errors.map((e: Error) => e.message)).toEqual(['two', 'one']);
  });

  it('disposes at once what is added after it was disposed', () => {
    let runs = 0;
    const store = new DisposableStore();
    store.dispose();
    store.add(toDisposable(() => runs++));
    expect(runs).toBe(1);
  });
});

describe('AsyncDisposableStore', () => {
  it('awaits each item before the next, in reverse order, and shares one teardown between callers', async () => {
    const order: string[] = [];
    const store = new AsyncDisposableStore();
    store.add(toDisposable(() => order.push('sync first')));
    store.add(
      toAsyncDisposable(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        order.push('slow second');
      }),
    );
    store.add(toAsyncDisposable(async () => order.push('third')));
    const a = store.dispose();
    const b = store.dispose();
    expect(a).toBe(b);
    await a;
    expect(order).toEqual(['third', 'slow second', 'sync first']);
  });

  it('goes on past a rejected disposer and rejects with its error at the end', async () => {
    const order: string[] = [];
    const store = new AsyncDisposableStore();
    store.add(toDisposable(() => order.push('first')));
    store.add(toAsyncDisposable(() => Promise.reject(new Error('broken'))));
    await expect(store.dispose()).rejects.toThrow('broken');
    expect(order).toEqual(['first']);
  });

  it('reports to its handler instead of rejecting', async () => {
    const reported: unknown[] = [];
    const store = new AsyncDisposableStore((e) => reported.push(e));
    store.add(toAsyncDisposable(() => Promise.reject(new Error('broken'))));
    await store.dispose();
    expect(reported).toEqual([new Error('broken')]);
  });
});

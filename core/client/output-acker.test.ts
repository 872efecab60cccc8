// Unit tests of the browser's flow-control acknowledgements: full steps at once, remainders after idle, nothing after dispose.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACK_STEP_BYTES } from '../flow-control';
import { ACK_IDLE_FLUSH_MS, OutputAcker } from './output-acker';

describe('OutputAcker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('acknowledges as soon as a full step has been rendered', () => {
    const sent: number[] = [];
    const acker = new OutputAcker((bytes) => sent.push(bytes));
    acker.rendered(ACK_STEP_BYTES - 1);
    expect(sent).toEqual([]);
    acker.rendered(2);
    expect(sent).toEqual([ACK_STEP_BYTES + 1]);
  });

  it('flushes a remainder once output has been quiet', () => {
    const sent: number[] = [];
    const acker = new OutputAcker((bytes) => sent.push(bytes));
    acker.rendered(10);
    vi.advanceTimersByTime(ACK_IDLE_FLUSH_MS - 1);
    acker.rendered(5); // more output restarts the idle wait
    vi.advanceTimersByTime(ACK_IDLE_FLUSH_MS - 1);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([15]);
  });

  it('sends every rendered byte exactly once', () => {
    let total = 0;
    const acker = new OutputAcker((bytes) => (total += bytes));
    for (let i = 0; i < 1000; i++) acker.rendered(777);
    vi.advanceTimersByTime(ACK_IDLE_FLUSH_MS);
    expect(total).toBe(777_000);
  });

  it('sends nothing after dispose, and dispose is safe twice', () => {
    const sent: number[] = [];
    const acker = new OutputAcker((bytes) => sent.push(bytes));
    acker.rendered(10);
    acker.dispose();
    acker.dispose();
    acker.rendered(ACK_STEP_BYTES);
    vi.advanceTimersByTime(ACK_IDLE_FLUSH_MS);
    expect(sent).toEqual([]);
  });
});

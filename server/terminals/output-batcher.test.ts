// The output batcher: reads of one event-loop turn go out as one message, in order; nothing waits on a timer.
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, OutputBatcher } from './output-batcher';

const turnEnd = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('OutputBatcher', () => {
  it('sends a lone read as it is, at the end of the turn', async () => {
    const sent: Buffer[] = [];
    const batcher = new OutputBatcher((data) => sent.push(data));
    const echo = Buffer.from('a');
    batcher.push(echo);
    expect(sent).toHaveLength(0);
    await turnEnd();
    expect(sent).toEqual([echo]);
    expect(sent[0]).toBe(echo);
  });

  it('joins the reads of one turn in order, and starts afresh the next turn', async () => {
    const sent: string[] = [];
    const batcher = new OutputBatcher((data) => sent.push(data.toString()));
    for (const part of ['one ', 'two ', 'three']) batcher.push(Buffer.from(part));
    await turnEnd();
    batcher.push(Buffer.from('four'));
    await turnEnd();
    expect(sent).toEqual(['one two three', 'four']);
  });

  it('sends at once when a turn gathers MAX_MESSAGE_BYTES, and drops what is pending on dispose', async () => {
    const sent: number[] = [];
    const batcher = new OutputBatcher((data) => sent.push(data.length));
    batcher.push(Buffer.alloc(MAX_MESSAGE_BYTES - 1));
    batcher.push(Buffer.alloc(1));
    expect(sent).toEqual([MAX_MESSAGE_BYTES]);
    batcher.push(Buffer.alloc(10));
    batcher.dispose();
    await turnEnd();
    expect(sent).toEqual([MAX_MESSAGE_BYTES]);
  });
});

// Unit tests of the pause/resume rule.
import { describe, expect, it } from 'vitest';
import { FlowControl } from './flow-control';

describe('FlowControl', () => {
  it('pauses above the high watermark and resumes below the low one', () => {
    const flow = new FlowControl(100, 20);
    expect(flow.sent(60)).toBeNull();
    expect(flow.sent(60)).toBe('pause');
    expect(flow.sent(10)).toBeNull();
    expect(flow.acknowledged(100)).toBeNull();
    expect(flow.isPaused).toBe(true);
    expect(flow.acknowledged(20)).toBe('resume');
    expect(flow.isPaused).toBe(false);
  });

  it('never counts below zero when a client over-acknowledges', () => {
    const flow = new FlowControl(100, 20);
    flow.sent(10);
    expect(flow.acknowledged(1000)).toBeNull();
    expect(flow.pendingBytes).toBe(0);
  });
});

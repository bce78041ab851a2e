import { describe, expect, it } from 'vitest';
import { RefusalLimiter } from './refusal-limiter.js';

describe('RefusalLimiter', () => {
  it('records one refusal per source per window, and the next after the window', () => {
    const limiter = new RefusalLimiter(60_000);
    expect(limiter.shouldRecord('203.0.113.9', 0)).toBe(true);
    expect(limiter.shouldRecord('203.0.113.9', 59_999)).toBe(false);
    expect(limiter.shouldRecord('198.51.100.1', 59_999)).toBe(true);
    expect(limiter.shouldRecord('203.0.113.9', 60_000)).toBe(true);
  });

  it('does not grow without bound under a flood from many addresses', () => {
    const limiter = new RefusalLimiter(60_000, 3);
    expect(['a', 'b', 'c'].map((s) => limiter.shouldRecord(s, 0))).toEqual([true, true, true]);
    expect(limiter.shouldRecord('d', 1)).toBe(false);
    // Once the window has passed, old sources are forgotten and new ones recorded again.
    expect(limiter.shouldRecord('d', 60_001)).toBe(true);
  });
});

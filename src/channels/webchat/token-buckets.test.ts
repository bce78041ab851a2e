import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets.js';

describe('token buckets', () => {
  it('allows a burst up to the capacity, then one per refill interval', () => {
    const buckets = new TokenBuckets({ capacity: 3, refillMs: 1000 });
    expect([0, 0, 0].map((t) => buckets.take('v', t).allowed)).toEqual([true, true, true]);
    expect(buckets.take('v', 0)).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(buckets.take('v', 500)).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(buckets.take('v', 1000).allowed).toBe(true);
    expect(buckets.take('other', 1000).allowed).toBe(true);
  });
});

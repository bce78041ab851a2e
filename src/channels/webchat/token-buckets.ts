/** How a bucket fills: `capacity` tokens at most, one more every `refillMs`. */
export interface BucketRule {
  readonly capacity: number;
  readonly refillMs: number;
}

export type Take = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

const SWEEP_AT = 10_000;

/**
 * Token buckets by key, in this node's memory: a visitor spread over several nodes gets each
 * node's allowance (documented in docs/channels.md). Full buckets are forgotten when the map grows,
 * so memory follows the visitors active now, not all visitors ever.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly rule: BucketRule) {}

  take(key: string, now: number): Take {
    if (this.buckets.size >= SWEEP_AT) this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.rule.capacity, at: now };
    const refilled = Math.min(this.rule.capacity, bucket.tokens + Math.max(0, now - bucket.at) / this.rule.refillMs);
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, at: now });
      return { allowed: false, retryAfterMs: Math.ceil((1 - refilled) * this.rule.refillMs) };
    }
    this.buckets.set(key, { tokens: refilled - 1, at: now });
    return { allowed: true };
  }

  private sweep(now: number): void {
    const fullAfter = this.rule.capacity * this.rule.refillMs;
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= fullAfter) this.buckets.delete(key);
  }
}

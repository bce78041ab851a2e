/**
 * How often refusals from one source address are recorded: at most one per window. A spammer
 * trying a thousand addresses a minute gets a thousand 550s but writes one audit entry, so the
 * trail (kept at least a year) cannot be flooded through the mail port.
 */
export class RefusalLimiter {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxSources = 10_000,
  ) {}

  /** True when a refusal from `source` at `now` should be recorded (and counts it as recorded). */
  shouldRecord(source: string, now: number): boolean {
    const previous = this.last.get(source);
    if (previous !== undefined && now - previous < this.windowMs) return false;
    if (this.last.size >= this.maxSources) this.forgetOlderThan(now - this.windowMs);
    // Guard: still full means a flood from very many addresses at once; record none of the new ones rather than grow without bound.
    if (this.last.size >= this.maxSources) return false;
    this.last.set(source, now);
    return true;
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [source, at] of this.last) if (at < cutoff) this.last.delete(source);
  }
}

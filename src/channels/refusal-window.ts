/** A refusal of the same kind from the same source is recorded once per minute. */
export const REFUSAL_WINDOW_MS = 60_000;

/**
 * Remembers which refusals a channel recorded lately, so a flood is one audit entry per key and
 * window rather than one per refused request: the trail (kept at least a year) cannot be filled
 * through a mail port or a widget socket. Keys are the channel's choice (source address, inbox, reason).
 */
export class RefusalWindow {
  private readonly recorded = new Map<string, number>();

  /**
   * @param windowMs how long one recorded key silences the same key.
   * @param options `sweepAt`: how many keys are held before expired ones are dropped; `cap`: how many
   *   at most — beyond it (a flood from very many sources at once) new keys are not recorded rather
   *   than the memory growing without bound. No cap: the map only shrinks by sweeping.
   */
  constructor(
    private readonly windowMs: number,
    private readonly options: { readonly sweepAt?: number; readonly cap?: number } = {},
  ) {}

  /** True the first time `key` is seen in a window (and counts it as recorded): record it then. */
  firstIn(key: string, now: number): boolean {
    const last = this.recorded.get(key);
    if (last !== undefined && now - last < this.windowMs) return false;
    if (this.recorded.size >= (this.options.sweepAt ?? this.options.cap ?? DEFAULT_SWEEP_AT)) {
      for (const [k, at] of this.recorded) if (now - at >= this.windowMs) this.recorded.delete(k);
    }
    // Guard: still full means a flood from very many sources; record none of the new ones.
    if (this.options.cap !== undefined && this.recorded.size >= this.options.cap) return false;
    this.recorded.set(key, now);
    return true;
  }
}

const DEFAULT_SWEEP_AT = 10_000;

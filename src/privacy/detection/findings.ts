import type { Detection } from './types.js';

/**
 * The detections of one detect() call as the recognisers find them, in a list reused call after
 * call; detect() copies out the ones it keeps into an array of their final size. A fresh list
 * grown by push would start with room for seventeen, most of it never used: a message has one
 * or two.
 */
export class Findings {
  length = 0;
  private items: (Detection | undefined)[] = new Array<Detection | undefined>(16).fill(undefined);

  push(detection: Detection): void {
    if (this.length === this.items.length) this.items = this.items.concat(new Array<Detection | undefined>(this.length).fill(undefined));
    this.items[this.length++] = detection;
  }

  /** The k-th detection found, 0 ≤ k < length. */
  at(k: number): Detection {
    return this.items[k] as Detection;
  }

  /** Forgets everything found (and lets go of it). */
  clear(): void {
    // A plain loop over the one or two entries a message has: Array#fill is a builtin call each time.
    const { items } = this;
    for (let k = 0; k < this.length; k++) items[k] = undefined;
    this.length = 0;
  }
}

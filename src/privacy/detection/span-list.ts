/**
 * Spans [start, end) in two typed arrays, reused call after call: recording one allocates nothing
 * once the arrays have grown to it. A message has none or a few, so a linear look is enough.
 */
export class SpanList {
  count = 0;
  private starts = new Int32Array(8);
  private ends = new Int32Array(8);

  clear(): void {
    this.count = 0;
  }

  add(start: number, end: number): void {
    if (this.count === this.starts.length) {
      const starts = new Int32Array(this.count * 2);
      const ends = new Int32Array(this.count * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  /** Whether [start, end) lies wholly inside one of the spans. */
  contains(start: number, end: number): boolean {
    for (let k = 0; k < this.count; k++) if (start >= (this.starts[k] as number) && end <= (this.ends[k] as number)) return true;
    return false;
  }
}

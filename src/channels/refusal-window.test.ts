import { describe, expect, it } from 'vitest';
import { RefusalWindow } from './refusal-window.js';

describe('RefusalWindow', () => {
  it('records a refusal once per window and key, and the next after the window', () => {
    const window = new RefusalWindow(60_000);
    expect(window.firstIn('k', 0)).toBe(true);
    expect(window.firstIn('k', 59_999)).toBe(false);
    expect(window.firstIn('other', 1)).toBe(true);
    expect(window.firstIn('k', 60_000)).toBe(true);
  });

  it('does not grow without bound under a flood from many sources when capped', () => {
    const window = new RefusalWindow(60_000, { cap: 3 });
    expect(['a', 'b', 'c'].map((s) => window.firstIn(s, 0))).toEqual([true, true, true]);
    expect(window.firstIn('d', 1)).toBe(false);
    // Once the window has passed, old sources are forgotten and new ones recorded again.
    expect(window.firstIn('d', 60_001)).toBe(true);
  });
});

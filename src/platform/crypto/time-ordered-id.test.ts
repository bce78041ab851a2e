import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './time-ordered-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('time-ordered ids', () => {
  it('are RFC 9562 version-7 UUIDs carrying the millisecond they were made', () => {
    const at = Date.UTC(2026, 10, 21, 15, 30, 0, 123);
    const id = timeOrderedId(at);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
  });

  it('sort by creation time, so new rows append to the primary-key index', () => {
    const ids = [1_000, 2_000, 3_000, 1_790_000_000_000].map((ms) => timeOrderedId(ms));
    expect([...ids].sort()).toEqual(ids);
  });

  it('cannot be guessed from the time: many made in one millisecond are all different', () => {
    const ids = new Set(Array.from({ length: 5_000 }, () => timeOrderedId(1_790_000_000_000)));
    expect(ids.size).toBe(5_000);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });
});

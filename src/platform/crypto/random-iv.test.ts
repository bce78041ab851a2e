import { describe, expect, it } from 'vitest';
import { IV_BYTES, randomIv } from './random-iv.js';

describe('random IVs', () => {
  it('never repeats a nonce across many encryptions, refills included (a repeated GCM nonce leaks plaintext)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const iv = randomIv();
      expect(iv.length).toBe(IV_BYTES);
      seen.add(iv.toString('hex'));
    }
    expect(seen.size).toBe(5_000);
  });

  it('leaves an IV already handed out untouched when the pool is drawn again and refilled', () => {
    const first = randomIv();
    const copy = Buffer.from(first);
    for (let i = 0; i < 2_000; i++) randomIv();
    expect(first.equals(copy)).toBe(true);
  });
});

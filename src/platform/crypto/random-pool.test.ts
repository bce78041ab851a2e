import { describe, expect, it } from 'vitest';
import { IV_BYTES, pooledRandomBytes, randomIv } from './random-pool.js';

describe('pooled random bytes', () => {
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

  it('refuses a draw the pool is not meant for instead of handing out short or shared bytes', () => {
    expect(() => pooledRandomBytes(0)).toThrow(RangeError);
    expect(() => pooledRandomBytes(257)).toThrow(RangeError);
    expect(() => pooledRandomBytes(1.5)).toThrow(RangeError);
  });
});

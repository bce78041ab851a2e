import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { detect } from './detect.js';
import { DETECTION_PATTERNS } from './patterns.js';

/**
 * Two guards against denial of service by crafted text, because a contact centre takes text
 * from anyone:
 * 1. Every regex the engine runs is proven safe by recheck (static analysis plus fuzzing for
 *    super-linear backtracking): deterministic, no clock, so no flakiness on a busy machine.
 * 2. The hand-written scanners around them (digit runs, '@' and ':' expansion, word walks) are
 *    outside recheck's reach, so detect() as a whole is fed adversarial inputs at 1x, 2x, 4x and
 *    8x size and the growth of its running time is bounded: 8x the input may cost at most 40x
 *    the time (linear is 8x; quadratic would be 64x). This is a complexity check, a security
 *    property, not a performance assertion: the bound is five times the linear figure, and each
 *    size takes the fastest of several runs, so load on the machine does not make it flaky.
 */
describe('regular expressions', () => {
  it.each(Object.entries(DETECTION_PATTERNS))('%s is safe from catastrophic backtracking (recheck)', (_name, pattern) => {
    const result = checkSync(pattern.source, pattern.flags.replace('g', ''));
    expect(result.status, `${pattern.source.slice(0, 80)}… ${result.status === 'vulnerable' ? `${result.complexity.type}: ${result.attack.pattern.slice(0, 120)}` : result.status}`).toBe('safe');
  });
});

const ADVERSARIAL: Readonly<Record<string, string>> = {
  digits: '1',
  'digits and spaces': '1 ',
  'digit pairs and dashes': '12-',
  'phone-like groups': '06 ',
  'plus and digits': '+3',
  'at signs': '@',
  'at and letters': 'a@',
  'dots': '.',
  'dotted digits': '1.',
  'colons and hex': 'a:',
  letters: 'a',
  'upper letters': 'A',
  'letters and digits': 'a1',
  'iban-like': 'NL91',
  'number words': 'zes ',
  'double double': 'double ',
  'street-like': 'straat ',
  'health words': 'diabetes ',
  'credential cues': 'pin ',
  spaces: ' ',
  'lone surrogates': '\ud800',
};

function fastestMs(text: string, runs: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    detect(text);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('linear time on adversarial input', () => {
  it.each(Object.entries(ADVERSARIAL))('%s: 8x the input costs less than 40x the time', (_name, unit) => {
    const base = unit.repeat(Math.ceil(16_000 / unit.length));
    fastestMs(base, 3);
    const times = [1, 2, 4, 8].map((factor) => fastestMs(base.repeat(factor), 5));
    const [t1 = 0, , , t8 = 0] = times;
    // Below a millisecond the timer's resolution dominates; floor it there.
    expect(t8 / Math.max(t1, 1), `times ${times.map((t) => t.toFixed(2)).join(' / ')} ms`).toBeLessThan(40);
  });
});

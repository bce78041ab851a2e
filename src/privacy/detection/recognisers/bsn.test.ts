import { describe, expect, it } from 'vitest';
import { passesElevenTest } from '../checksums.js';
import { contextFromPreviousMessages } from '../conversation-context.js';
import { detect } from '../detect.js';
import { found, foundOf } from '../test-helpers.js';

describe('BSN', () => {
  it('knows the 11-test answers', () => {
    expect(passesElevenTest('111222333')).toBe(true);
    expect(passesElevenTest('123456782')).toBe(true);
    expect(passesElevenTest('123456789')).toBe(false);
    expect(passesElevenTest('000000000')).toBe(false);
  });

  it.each([
    ['mijn BSN is 111222333', '111222333'],
    ['burgerservicenummer: 1234.56.782', '1234.56.782'],
    ['my social security number is 123 456 782', '123 456 782'],
    ['sofinummer 12345672', '12345672'],
  ])('finds the BSN with its cue in %j', (text, bsn) => {
    expect(foundOf('bsn', text)).toEqual([bsn]);
  });

  it('does not mask a bare 11-test number without context', () => {
    expect(foundOf('bsn', 'ik heb 123456782 gekregen')).toEqual([]);
    const bare = detect('123456782');
    expect(bare).toEqual([]);
  });

  it('masks a bare 11-test number after the agent asked for the BSN', () => {
    const context = contextFromPreviousMessages([{ role: 'agent', text: 'Wat is uw BSN?' }]);
    expect(foundOf('bsn', '123456782', { context })).toEqual(['123456782']);
  });

  it('leaves an 11-test-failing number untouched even after a BSN cue', () => {
    expect(foundOf('bsn', 'BSN: 123456789')).toEqual([]);
  });

  it('ignores what the customer said when building the expectation', () => {
    const context = contextFromPreviousMessages([{ role: 'customer', text: 'mijn bsn' }]);
    expect(context.expected).toEqual([]);
  });

  it('never reads a date as a BSN, even one that passes the 11-test after a BSN cue', () => {
    expect(found('mijn BSN is 111222333, bestelling 06-05-2022')).toEqual([['bsn', '111222333']]);
  });

  it('gives a cue to the nearest number: a reference word nearer than the BSN cue wins', () => {
    expect(foundOf('bsn', 'mijn BSN is 111222333 graag. referentie 12345672')).toEqual(['111222333']);
  });

  it('reads a cue between two numbers as the next one\'s', () => {
    expect(foundOf('bsn', 'ongeveer 12345672 bsn 1234.56.782 staat op mijn paspoort')).toEqual(['1234.56.782']);
    expect(foundOf('bsn', 'mijn bsn is 123456782 en niet 12345672')).toEqual(['123456782']);
  });
});

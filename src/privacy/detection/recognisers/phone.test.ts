import { describe, expect, it } from 'vitest';
import { foundOf } from '../test-helpers.js';

describe('phone numbers', () => {
  it.each([
    ['bel me op 0612345678', '0612345678'],
    ['mobiel: 06-12345678', '06-12345678'],
    ['tel 020 123 4567', '020 123 4567'],
    ['call +31 6 1234 5678', '+31 6 1234 5678'],
    ['0031 20 123 4567 overdag', '0031 20 123 4567'],
    ['+32 470 12 34 56', '+32 470 12 34 56'],
    ['+49 30 1234567', '+49 30 1234567'],
    ['+44 20 7946 0958', '+44 20 7946 0958'],
    ['+33 6 12 34 56 78', '+33 6 12 34 56 78'],
    ['call me at (212) 555-0100', '(212) 555-0100'],
    ['Fax: 345-899-3560x4587', '345-899-3560x4587'],
  ])('finds the phone in %j', (text, phone) => {
    expect(foundOf('phone', text)).toEqual([phone]);
  });

  it('finds spoken digits in a Dutch transcript', () => {
    expect(foundOf('phone', 'mijn nummer is nul zes één twee drie vier vijf zes zeven acht')).toEqual(['nul zes één twee drie vier vijf zes zeven acht']);
  });

  it('finds spoken digits in an English transcript, doubles included', () => {
    expect(foundOf('phone', 'call me on zero six double one two three four five six seven')).toEqual(['zero six double one two three four five six seven']);
  });

  it('leaves dates, amounts, order numbers and times untouched', () => {
    const text = 'bestelling 2012345678 op 12-05-2024 om 14:30, bedrag € 1.234,56, ordernummer 87654321';
    expect(foundOf('phone', text)).toEqual([]);
  });

  it('leaves a phone-shaped reference after a reference word untouched', () => {
    expect(foundOf('phone', 'ticketnummer 020-1234567')).toEqual([]);
  });
});

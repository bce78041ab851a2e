import { describe, expect, it } from 'vitest';
import { foundOf } from '../test-helpers.js';

describe('e-mail', () => {
  it.each([
    ['mail me op jan.jansen@example.nl.', 'jan.jansen@example.nl'],
    ['contact: Mary_O\'Brien+help@mail.example.co.uk', 'Mary_O\'Brien+help@mail.example.co.uk'],
    ['UtaKortig@jourrapide.com', 'UtaKortig@jourrapide.com'],
  ])('finds the address in %j', (text, email) => {
    expect(foundOf('email', text)).toEqual([email]);
  });

  it('leaves an at-sign without a domain untouched', () => {
    expect(foundOf('email', 'ik ben @ home, of @jan op twitter, of a@b')).toEqual([]);
  });
});

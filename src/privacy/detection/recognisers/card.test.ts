import { describe, expect, it } from 'vitest';
import { cardBrand, passesLuhn } from '../checksums.js';
import { found, foundOf } from '../test-helpers.js';

describe('payment cards', () => {
  it('knows the Luhn answer for the standard test numbers', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(cardBrand('378282246310005')).toBe('amex');
    expect(cardBrand('5555555555554444')).toBe('mastercard');
    expect(cardBrand('2223003122003222')).toBe('mastercard');
    expect(cardBrand('6011111111111117')).toBe('discover');
    expect(cardBrand('9111111111111111')).toBeUndefined();
  });

  it.each([
    ['mijn kaart is 4111111111111111', '4111111111111111'],
    ['my card: 4111 1111 1111 1111 thanks', '4111 1111 1111 1111'],
    ['creditcard 5555-5555-5555-4444', '5555-5555-5555-4444'],
    ['amex 3782 822463 10005', '3782 822463 10005'],
    ['please charge 2223003122003222 instead', '2223003122003222'],
  ])('finds a valid card in %j', (text, card) => {
    expect(foundOf('card', text)).toEqual([card]);
  });

  it('leaves a Luhn-failing order number untouched', () => {
    expect(foundOf('card', 'ordernummer 4111 1111 1111 1112 graag annuleren')).toEqual([]);
    expect(foundOf('card', 'card 4111111111111112 was declined')).toEqual([]);
  });

  it('leaves a Luhn-passing number outside every issuer range untouched', () => {
    expect(foundOf('card', 'referentie 9111111111111111')).toEqual([]);
  });

  it('does not cut a card out of a longer grouped number', () => {
    expect(foundOf('card', 'kaart 6759 6973 9753 6980')).toEqual([]);
  });

  it('does not join inconsistently grouped digits into a card', () => {
    expect(foundOf('card', 'codes 4111-1111 1111-1111')).toEqual([]);
  });

  it('finds the CVV and expiry beside a card, and not without one', () => {
    expect(foundOf('cvv', 'kaart 4111 1111 1111 1111 cvc 123')).toEqual(['123']);
    expect(foundOf('card-expiry', 'card 4111111111111111 exp 12/27')).toEqual(['12/27']);
    expect(foundOf('cvv', 'the beveiligingscode is 987')).toEqual(['987']);
    expect(foundOf('card-expiry', 'vervaldatum 03/2028')).toEqual(['03/2028']);
    expect(foundOf('cvv', 'ik wil er 123 bestellen')).toEqual([]);
    expect(foundOf('card-expiry', 'levering op 12/05')).toEqual([]);
  });

  it('reads "cc" as a card cue, nearer than the "amount" before it', () => {
    expect(foundOf('card', 'please send me the last billed amount for cc 4111111111111111 on my e-mail')).toEqual(['4111111111111111']);
  });

  it('takes "card #" as "card number", not as a reference sign', () => {
    expect(foundOf('card', 'increase limit on my card # 2297051310616322')).toEqual(['2297051310616322']);
  });

  it('masks a Luhn-valid number outside the known issuer ranges only beside a card cue', () => {
    expect(foundOf('card', 'my card 3521213764418045 is lost')).toEqual(['3521213764418045']);
    expect(foundOf('card', 'credit card 060426070011 transactions')).toEqual(['060426070011']);
    expect(found('credit card 060426070011 transactions').map(([type]) => type)).toEqual(['card']);
    expect(foundOf('card', 'referentie 3521213764418045')).toEqual([]);
  });

  it('does not mask a Luhn-failing card number as a phone number either, whatever cue is near', () => {
    expect(found('bel me op +31633521120. card 4502 7575 0171 3 was declined')).toEqual([['phone', '+31633521120']]);
    expect(found('mobiel: 010 397 0573! is 4268-2687-3222-9 mijn pasnummer?')).toEqual([['phone', '010 397 0573']]);
    expect(found('tel 4111111111111112')).toEqual([]);
  });
});

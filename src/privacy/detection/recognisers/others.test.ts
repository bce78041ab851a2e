import { describe, expect, it } from 'vitest';
import { contextFromPreviousMessages } from '../conversation-context.js';
import { detect } from '../detect.js';
import { found, foundOf } from '../test-helpers.js';
import { lowerSameLength } from '../text.js';
import { NOT_A_SECRET_CODE } from './credential.js';
import { DOCUMENT_NUMBER } from './identity-document.js';

describe('IP addresses', () => {
  it('finds IPv4 and IPv6', () => {
    expect(foundOf('ip', 'mijn IP is 192.168.1.20, of 2001:db8::1.')).toEqual(['192.168.1.20', '2001:db8::1']);
    // The fewest colons an address can have, alone in the text: two.
    expect(foundOf('ip', 'loopback ::1 werkt niet')).toEqual(['::1']);
    expect(foundOf('ip', 'router fe80::1')).toEqual(['fe80::1']);
    expect(foundOf('ip', 'tijd: 12:30')).toEqual([]);
  });

  it('leaves a version number, a five-part number and a time untouched', () => {
    expect(foundOf('ip', 'versie 1.2.3.4 en hoofdstuk 1.2.3.4.5 om 12:30:45')).toEqual([]);
    expect(foundOf('ip', '256.1.1.1')).toEqual([]);
  });
});

describe('dates of birth', () => {
  it('finds a date after a birth cue, numeric or written', () => {
    expect(foundOf('date-of-birth', 'ik ben geboren op 12-05-1984')).toEqual(['12-05-1984']);
    expect(foundOf('date-of-birth', 'date of birth: March 12, 1985')).toEqual(['March 12, 1985']);
    expect(foundOf('date-of-birth', 'geboortedatum 3 maart 1990')).toEqual(['3 maart 1990']);
  });

  it('leaves a delivery date untouched', () => {
    expect(foundOf('date-of-birth', 'levering op 12-05-2024')).toEqual([]);
  });

  it('takes any date as a birth date after the agent asked for one', () => {
    const context = contextFromPreviousMessages([{ role: 'agent', text: 'Wat is uw geboortedatum?' }]);
    expect(foundOf('date-of-birth', '12-05-1984', { context })).toEqual(['12-05-1984']);
  });
});

describe('postcodes and addresses', () => {
  it('finds a Dutch postcode with its house number and a street address', () => {
    expect(found('Ik woon op Kerkstraat 12a, 1234 AB Amsterdam')).toEqual([
      ['address', 'Kerkstraat 12a'],
      ['postcode', '1234 AB'],
    ]);
    expect(foundOf('postcode', 'postcode 1234AB 5')).toEqual(['1234AB 5']);
  });

  it('finds an English street address', () => {
    expect(foundOf('address', 'I live at 221B Baker Street.')).toEqual(['221B Baker Street']);
  });

  it('leaves "2024 is" and the unused letter pairs alone', () => {
    expect(foundOf('postcode', 'in 2024 is dat 1234 SS geworden')).toEqual([]);
  });
});

describe('passport and identity card', () => {
  it('finds a document number with its cue, never the letter O', () => {
    expect(foundOf('passport', 'paspoortnummer NW1234567')).toEqual(['NW1234567']);
    expect(foundOf('id-card', 'mijn ID-kaart nummer is IR12KL345')).toEqual(['IR12KL345']);
    expect(foundOf('passport', 'paspoort NO1234567')).toEqual([]);
  });

  it('leaves a product code of the same shape alone without a cue', () => {
    expect(found('artikel AB1234567 is op')).toEqual([]);
  });

  it('finds what DOCUMENT_NUMBER finds in the lower-cased text, read in place', () => {
    // Tokens of 7–11 units: letters either case (O, and the Kelvin sign, which lowers to 'k'), digits, '_', é and İ (which lowers to two units).
    const units = ['a', 'B', 'n', 'O', 'z', 'P', 'k', '\u212a', '0', '3', '5', '9', '1', '7', '_', 'é', 'İ'];
    const next = seededPicks(7);
    let matches = 0;
    for (let t = 0; t < 3000; t++) {
      let text = 'paspoort';
      for (let w = 0, words = 1 + next(3); w < words; w++) {
        text += next(2) === 0 ? ' ' : '-';
        // Mostly letters, then digits: about half the tokens have the document shape, give or take a unit.
        for (let k = 0, n = 7 + next(5); k < n; k++) text += units[k < 2 ? next(8) : k < 7 ? next(units.length) : 8 + next(6)] ?? '';
      }
      const expected = [...lowerSameLength(text).matchAll(DOCUMENT_NUMBER)].map((m) => text.slice(m.index, m.index + m[0].length));
      matches += expected.length;
      expect(foundOf('passport', text), JSON.stringify(text)).toEqual(expected);
    }
    expect(matches).toBeGreaterThan(200);
  });
});

describe('health data', () => {
  it('scores first-person medical statements above bare words', () => {
    const framed = detect('ik gebruik insuline voor mijn diabetes');
    expect(framed.map((d) => d.type)).toEqual(['health', 'health']);
    const bare = detect('de terminal is ziek traag vandaag');
    expect(bare).toEqual([]);
  });

  it.each([
    ['my diabetes is acting up', 'diabetes'],
    ['ik heb vorig jaar kanker gehad', 'kanker'],
    ['I was diagnosed last year', 'diagnosed'],
    ['ze is zwanger', 'zwanger'],
    ['I take metformin daily', 'metformin'],
    ['ik slik antidepressiva', 'antidepressiva'],
    ['I have type 2 diabetes', 'type 2 diabetes'],
  ])('finds the health term in %j', (text, term) => {
    expect(foundOf('health', text)).toEqual([term]);
  });

  it('does not match a term inside a longer word', () => {
    expect(foundOf('health', 'hospitality and chemokine')).toEqual([]);
  });
});

describe('credentials', () => {
  it.each([
    ['mijn wachtwoord is Hunter2!', 'Hunter2'],
    ['password: s3cr3t-P@ss', 's3cr3t-P@ss'],
    ['mijn pincode is 1234', '1234'],
    ['my PIN is 4321.', '4321'],
    ['de code is 839201', '839201'],
  ])('finds the secret in %j', (text, secret) => {
    expect(foundOf('credential', text)).toEqual([secret]);
  });

  it('leaves "my password is wrong", tracking codes and discount codes alone', () => {
    expect(foundOf('credential', 'my password is wrong, tracking code 3SABCD1234567, kortingscode ZOMER2024')).toEqual([]);
  });

  it('reads "tracking code" as NOT_A_SECRET_CODE over the lower-cased 14 characters before "code" does, in place', () => {
    // Its words whole, cut, in capitals, with the Kelvin sign for 'k', glued to others, after İ (two units lowered).
    const words = ['tracking', 'track', 'order', 'bestel', 'kortings', 'qr', 'zip', 'fout-', 'colour', 'reference', 'referentie', 'ORDER', 'TRAC\u212aING', 'racking', 'orde'];
    const before = ['', 'x', '_', '1', 'İ', 'é', 'de ', 'mijn ', 'trac', 'the old '];
    const between = [' ', '-', '  ', ' -', '_', '.'];
    const next = seededPicks(11);
    let secrets = 0;
    for (let t = 0; t < 3000; t++) {
      const prefix = `${before[next(before.length)] ?? ''}${words[next(words.length)] ?? ''}${between[next(between.length)] ?? ''}`;
      const text = `${prefix}code 12ab34`;
      const secret = !NOT_A_SECRET_CODE.test(text.slice(Math.max(0, prefix.length - 14), prefix.length).toLowerCase());
      if (secret) secrets++;
      expect(foundOf('credential', text), JSON.stringify(text)).toEqual(secret ? ['12ab34'] : []);
    }
    expect(secrets).toBeGreaterThan(300);
    expect(secrets).toBeLessThan(2700);
  });
});

describe('known contact data', () => {
  const known = { names: ['Jan  de Vries'], addresses: ['Kerkstraat 12'], phones: ['+31 6 12345678'], emails: ['Jan@Example.nl'], numbers: ['KL-998877'] };

  it('finds the contact\'s own name, address, numbers and e-mail whatever their case and spacing', () => {
    const text = 'Dit is JAN DE\tVRIES van kerkstraat 12, bereikbaar op 06 1234 5678 of jan@example.nl, klant 998877';
    expect(found(text, { known })).toEqual([
      ['known-name', 'JAN DE\tVRIES'],
      ['known-address', 'kerkstraat 12'],
      ['known-number', '06 1234 5678'],
      ['email', 'jan@example.nl'],
      ['known-number', '998877'],
    ]);
  });

  it('does not match a name inside another word', () => {
    expect(found('Jansen', { known: { names: ['Jan'] } })).toEqual([]);
  });
});

/** A seeded (Park–Miller) source of picks: next(n) is 0 … n − 1, the same sequence on every run. */
function seededPicks(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 48271) % 2147483647;
    return state % n;
  };
}

import { composeIBAN, countrySpecs, isValidIBAN } from 'ibantools';
import { describe, expect, it } from 'vitest';
import { found, foundOf } from '../test-helpers.js';

describe('IBAN and BIC', () => {
  it.each([
    ['mijn rekening is NL91ABNA0417164300', 'NL91ABNA0417164300'],
    ['IBAN: NL91 ABNA 0417 1643 00.', 'NL91 ABNA 0417 1643 00'],
    ['refund to nl91abna0417164300 please', 'nl91abna0417164300'],
    ['DE89 3704 0044 0532 0130 00', 'DE89 3704 0044 0532 0130 00'],
    ['BE68 5390 0754 7034', 'BE68 5390 0754 7034'],
    ['FR14 2004 1010 0505 0001 3M02 606', 'FR14 2004 1010 0505 0001 3M02 606'],
    ['GB29 NWBK 6016 1331 9268 19', 'GB29 NWBK 6016 1331 9268 19'],
  ])('finds the valid IBAN in %j', (text, iban) => {
    expect(foundOf('iban', text)).toEqual([iban]);
  });

  it('leaves a mod-97-failing IBAN untouched, digits and all', () => {
    expect(foundOf('iban', 'rekening NL91ABNA0417164301 klopt dat?')).toEqual([]);
    expect(foundOf('phone', 'rekening NL52 BUNQ 0688 1074 01 klopt dat?')).toEqual([]);
  });

  it('finds a BIC with its cue or beside an IBAN, not an upper-case word', () => {
    expect(foundOf('bic', 'BIC: ABNANL2A')).toEqual(['ABNANL2A']);
    expect(foundOf('bic', 'NL91ABNA0417164300 (RABONL2U)')).toEqual(['RABONL2U']);
    expect(foundOf('bic', 'THE DOCUMENT IS SIGNED')).toEqual([]);
  });

  it('does not mask the digits of a mod-97-failing IBAN as a card, even when they pass Luhn', () => {
    expect(found('ik heb GB58 NWBK 5746 9956 6330 92 ingevuld')).toEqual([]);
  });

  it('accepts exactly the IBANs ibantools accepts, for every country in its registry', () => {
    // The BBAN formats are read into per-position tables once; this holds them to ibantools'
    // own isValidIBAN on random account numbers of each country's length (seeded, mostly digits).
    let seed = 20_240_605;
    const random = (): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) | 0;
      return ((seed >>> 8) & 0xffff) / 0x10000;
    };
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const disagreements: string[] = [];
    let accepted = 0;
    for (const [country, spec] of Object.entries(countrySpecs)) {
      if (typeof spec.chars !== 'number' || typeof spec.bban_regexp !== 'string') continue;
      for (let k = 0; k < 60; k++) {
        const digitsOnly = k % 2 === 0;
        let bban = '';
        for (let i = 0; i < spec.chars - 4; i++) bban += alphabet.charAt(Math.floor(random() * (digitsOnly || random() < 0.7 ? 10 : 36)));
        const iban = composeIBAN({ countryCode: country, bban });
        if (iban === null) continue;
        const expected = isValidIBAN(iban);
        const ours = foundOf('iban', `IBAN ${iban}`).length === 1;
        if (expected) accepted++;
        if (ours !== expected) disagreements.push(iban);
      }
    }
    expect(disagreements).toEqual([]);
    expect(accepted).toBeGreaterThan(1000);
  });
});

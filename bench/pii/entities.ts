import { composeIBAN, isValidIBAN } from 'ibantools';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Picker } from './prng.js';

/** Planted entities and their look-alikes, generated the way they occur in real messages. */

export function luhnCheckDigit(partial: string): string {
  let sum = 0;
  let double = true;
  for (let i = partial.length - 1; i >= 0; i--) {
    let d = partial.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

const CARD_PREFIXES: readonly (readonly [string, number])[] = [
  ['4', 16], ['4', 16], ['4', 16], ['51', 16], ['55', 16], ['2221', 16], ['2720', 16], ['34', 15], ['37', 15], ['6011', 16], ['3530', 16], ['5018', 16], ['6759', 16], ['4', 13], ['4', 19],
];

function groupCard(digits: string, separator: string): string {
  if (separator === '') return digits;
  if (digits.length === 15) return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(separator);
  return digits.match(/.{1,4}/g)?.join(separator) ?? digits;
}

export function card(p: Picker): string {
  const [prefix, length] = p.pick(CARD_PREFIXES);
  const body = prefix + p.digits(length - prefix.length - 1);
  return groupCard(body + luhnCheckDigit(body), p.pick(['', ' ', ' ', '-']));
}

/** Card-shaped, issuer prefix and all, but with the wrong check digit. */
export function luhnFailingCard(p: Picker): string {
  const [prefix, length] = p.pick(CARD_PREFIXES);
  const body = prefix + p.digits(length - prefix.length - 1);
  const wrong = (Number(luhnCheckDigit(body)) + p.int(1, 9)) % 10;
  return groupCard(body + String(wrong), p.pick(['', ' ', '-']));
}

const BANKS: Readonly<Record<string, readonly string[]>> = { NL: ['ABNA', 'INGB', 'RABO', 'SNSB', 'TRIO', 'ASNB', 'KNAB', 'BUNQ'] };

function bban(p: Picker, country: string): string {
  switch (country) {
    case 'NL':
      return p.pick(BANKS['NL'] ?? ['ABNA']) + p.digits(10);
    case 'BE':
      return p.digits(12);
    case 'DE':
      return p.digits(18);
    case 'FR':
      return p.digits(23);
    default:
      return 'NWBK' + p.digits(14);
  }
}

function spaceIban(iban: string): string {
  return iban.match(/.{1,4}/g)?.join(' ') ?? iban;
}

export function iban(p: Picker): string {
  for (;;) {
    const country = p.pick(['NL', 'NL', 'NL', 'BE', 'DE', 'FR', 'GB']);
    const composed = composeIBAN({ countryCode: country, bban: bban(p, country) });
    // BE and FR BBANs carry national check digits; ibantools refuses the ones that fail them.
    if (composed === null || !isValidIBAN(composed)) continue;
    const form = p.int(0, 3);
    return form === 0 ? composed : form === 1 ? spaceIban(composed) : form === 2 ? composed.toLowerCase() : spaceIban(composed);
  }
}

/** A real IBAN with two digits swapped: mod-97 catches every such swap. */
export function mod97FailingIban(p: Picker): string {
  const good = iban(p).replace(/ /g, '').toUpperCase();
  const chars = good.split('');
  const i = chars.length - 3;
  const a = chars[i] ?? '0';
  const b = chars[i + 1] ?? '0';
  chars[i] = b === a ? String((Number(a) + 1) % 10) : b;
  chars[i + 1] = a;
  return p.chance(0.5) ? chars.join('') : spaceIban(chars.join(''));
}

function elevenRemainder(eight: string, last: number): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (eight.charCodeAt(i) - 48);
  return (((sum - last) % 11) + 11) % 11;
}

export function bsn(p: Picker): string {
  for (;;) {
    const eight = String(p.int(1, 9)) + p.digits(7);
    for (let last = 0; last <= 9; last++) {
      if (elevenRemainder(eight, last) === 0) {
        const digits = eight + String(last);
        return p.chance(0.25) ? `${digits.slice(0, 4)}.${digits.slice(4, 6)}.${digits.slice(6)}` : digits;
      }
    }
  }
}

export function elevenTestFailingNumber(p: Picker): string {
  for (;;) {
    const digits = String(p.int(1, 9)) + p.digits(8);
    if (elevenRemainder(digits.slice(0, 8), Number(digits.charAt(8))) !== 0) return digits;
  }
}

const FIRST = ['jan', 'piet', 'sanne', 'emma', 'daan', 'lotte', 'john', 'mary', 'sophie', 'noah', 'fatima', 'mohammed', 'kees', 'anouk'];
const LAST = ['jansen', 'de.vries', 'bakker', 'visser', 'smit', 'meijer', 'mulder', 'smith', 'brown', 'yilmaz', 'el-amrani', 'van.dijk'];
const DOMAINS = ['gmail.com', 'hotmail.nl', 'outlook.com', 'ziggo.nl', 'kpnmail.nl', 'example.co.uk', 'bedrijf.nl', 'xs4all.nl', 'icloud.com'];

export function email(p: Picker): string {
  const local = p.chance(0.5) ? `${p.pick(FIRST)}.${p.pick(LAST)}` : `${p.pick(FIRST)}${p.int(1, 99)}`;
  return `${p.chance(0.2) ? local.toUpperCase() : local}@${p.pick(DOMAINS)}`;
}

const PHONE_SHAPES: readonly ((p: Picker) => string)[] = [
  (p) => `06${p.int(1, 5)}${p.digits(7)}`,
  (p) => `06-${p.int(1, 5)}${p.digits(7)}`,
  (p) => `06 ${p.int(1, 5)}${p.digits(3)} ${p.digits(4)}`,
  (p) => `+31 6 ${p.int(1, 5)}${p.digits(7)}`,
  (p) => `+316${p.int(1, 5)}${p.digits(7)}`,
  (p) => `0031 6 ${p.int(1, 5)}${p.digits(7)}`,
  (p) => `020-${p.int(2, 7)}${p.digits(6)}`,
  (p) => `010 ${p.int(2, 7)}${p.digits(2)} ${p.digits(4)}`,
  (p) => `+32 4${p.int(7, 9)}${p.digits(1)} ${p.digits(2)} ${p.digits(2)} ${p.digits(2)}`,
  (p) => `+49 30 ${p.int(2, 9)}${p.digits(7)}`,
  (p) => `+44 20 7${p.digits(3)} ${p.digits(4)}`,
  (p) => `+44 7${p.int(4, 9)}${p.digits(2)} ${p.digits(6)}`,
  (p) => `+33 6 ${p.digits(2)} ${p.digits(2)} ${p.digits(2)} ${p.digits(2)}`,
  (p) => `+1 (${p.int(2, 9)}${p.digits(2)}) ${p.int(2, 9)}${p.digits(2)}-${p.digits(4)}`,
];

/** A phone number libphonenumber calls valid, in one of the forms customers type. */
export function phone(p: Picker): string {
  for (;;) {
    const candidate = p.pick(PHONE_SHAPES)(p);
    const parsed = parsePhoneNumberFromString(candidate, 'NL');
    if (parsed?.isValid() === true) return candidate;
  }
}

/** Benign look-alikes that must survive: the numbers a contact centre talks about all day. */
export const BENIGN: readonly ((p: Picker) => string)[] = [
  (p) => `${p.int(1000000, 99999999)}`,
  (p) => `€ ${p.int(1, 9)}.${p.digits(3)},${p.digits(2)}`,
  (p) => `€${p.int(5, 999)},${p.digits(2)}`,
  (p) => `${String(p.int(1, 28)).padStart(2, '0')}-${String(p.int(1, 12)).padStart(2, '0')}-20${p.int(20, 26)}`,
  (p) => `${p.int(1, 12)}/${p.int(1, 28)}/20${p.int(20, 26)}`,
  (p) => `3S${p.pick(['ABCD', 'KLMN', 'PQRS', 'XYZA'])}${p.digits(7)}`,
  (p) => `#${p.int(100000, 999999)}`,
  (p) => `INC${p.digits(7)}`,
  (p) => `${p.int(8, 22)}:${String(p.int(0, 59)).padStart(2, '0')}`,
  (p) => `${p.int(10, 99)}%`,
];

export const BENIGN_LEAD: readonly string[] = ['ordernummer', 'bestelling', 'factuur', 'ticket', 'order', 'invoice', 'tracking code', 'bedrag', 'amount', 'referentie', 'op', 'om', 'on', 'at', 'ongeveer'];

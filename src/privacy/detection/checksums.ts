/** The checksums that separate a real card number or BSN from an order number of the same shape. */

/** Luhn (ISO/IEC 7812-1) over a string of ASCII digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * The BSN 11-test (elfproef): 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11). An 8-digit BSN is a
 * 9-digit one with its leading zero dropped. All zeros passes the arithmetic but is no BSN.
 */
export function passesElevenTest(digits: string): boolean {
  const padded = digits.length === 8 ? `0${digits}` : digits;
  if (padded.length !== 9) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (padded.charCodeAt(i) - 48);
  sum -= padded.charCodeAt(8) - 48;
  return sum % 11 === 0 && padded !== '000000000';
}

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'maestro' | 'discover' | 'jcb' | 'diners' | 'unionpay';

/**
 * The issuer ranges (IIN prefixes and lengths) of the card schemes seen in European contact
 * centres. A number outside them is not a payment card even if it passes Luhn, which removes
 * most long order numbers that do so by chance (one in ten).
 */
export function cardBrand(digits: string): CardBrand | undefined {
  let prefix = 0;
  for (let i = 0; i < 6; i++) prefix = prefix * 10 + (digits.charCodeAt(i) - 48);
  return cardBrandOf(prefix, digits.length);
}

/**
 * The same from the number's first six digits as a number (`prefix`) and its length `n`, so a
 * card read in place from the text needs no string.
 */
export function cardBrandOf(prefix: number, n: number): CardBrand | undefined {
  // Shorter than any card (NaN prefix included): no brand.
  if (!(n >= 12)) return undefined;
  const p4 = Math.floor(prefix / 100);
  const p3 = Math.floor(prefix / 1000);
  const p2 = Math.floor(prefix / 10000);
  const p1 = Math.floor(prefix / 100000);
  if (p1 === 4 && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  // 622126–622925: the UnionPay range Discover accepts.
  if ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p3 === 622 && prefix >= 622126 && prefix <= 622925)) && n >= 16 && n <= 19) return 'discover';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'jcb';
  if ((p4 === 2131 || p4 === 1800) && n === 15) return 'jcb';
  if (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39 || p3 === 309) && n >= 14 && n <= 19) return 'diners';
  if (p2 === 62 && n >= 16 && n <= 19) return 'unionpay';
  // Maestro is the widest: 12 to 19 digits on 50, 56–69 (6 is also Discover, tried first above).
  if ((p2 === 50 || (p2 >= 56 && p2 <= 69)) && n >= 12 && n <= 19) return 'maestro';
  return undefined;
}

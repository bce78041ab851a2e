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

/** 622126–622925, the UnionPay range Discover accepts; read only when the first three are 622. */
function isChinaUnionDiscover(digits: string): boolean {
  const p6 = Number(digits.slice(0, 6));
  return p6 >= 622126 && p6 <= 622925;
}

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'maestro' | 'discover' | 'jcb' | 'diners' | 'unionpay';

/**
 * The issuer ranges (IIN prefixes and lengths) of the card schemes seen in European contact
 * centres. A number outside them is not a payment card even if it passes Luhn, which removes
 * most long order numbers that do so by chance (one in ten).
 */
export function cardBrand(digits: string): CardBrand | undefined {
  const n = digits.length;
  const p1 = digits.charCodeAt(0) - 48;
  const p2 = p1 * 10 + (digits.charCodeAt(1) - 48);
  const p3 = p2 * 10 + (digits.charCodeAt(2) - 48);
  const p4 = p3 * 10 + (digits.charCodeAt(3) - 48);
  if (p1 === 4 && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p3 === 622 && isChinaUnionDiscover(digits))) && n >= 16 && n <= 19) return 'discover';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'jcb';
  if ((p4 === 2131 || p4 === 1800) && n === 15) return 'jcb';
  if (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39 || p3 === 309) && n >= 14 && n <= 19) return 'diners';
  if (p2 === 62 && n >= 16 && n <= 19) return 'unionpay';
  // Maestro is the widest: 12 to 19 digits on 50, 56–69 (6 is also Discover, tried first above).
  if ((p2 === 50 || (p2 >= 56 && p2 <= 69)) && n >= 12 && n <= 19) return 'maestro';
  return undefined;
}

import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/min/metadata';

/**
 * Phone validation: a hand-written fast path for Dutch numbers (most of what a Dutch contact
 * centre sees, and libphonenumber costs 20–50 µs a call), libphonenumber-js for the rest, with
 * a bounded cache because the same numbers recur within a conversation.
 */

export type PhoneVerdict = 'valid' | 'possible' | 'invalid';

/** Dutch national significant numbers (`digits` from `from` on): 9 digits, geographic 1–5 and 7, mobile 6, 8x/9x services. */
function dutchNationalVerdict(digits: string, from: number): PhoneVerdict {
  if (digits.length - from !== 9) return 'invalid';
  const first = digits.charCodeAt(from) - 48;
  if (first === 6) return digits.charCodeAt(from + 1) === 48 || digits.charCodeAt(from + 1) === 57 ? 'possible' : 'valid';
  if (first >= 1 && first <= 7) return 'valid';
  if (first === 8 || first === 9) return 'possible';
  return 'invalid';
}

interface NumberingPlan {
  /** libphonenumber's national-number pattern, anchored; it only ever sees ≤ 17 digits. */
  readonly pattern: RegExp;
  readonly lengths: ReadonlySet<number>;
}

/**
 * libphonenumber's own metadata, read once into anchored patterns per country and per calling
 * code. A number that matches its country's national pattern is valid without a parse (which
 * costs 10–50 µs); only the rest go to libphonenumber. If the metadata's layout is not what this
 * version has, the tables stay empty and every number takes the parse, correct but slower.
 */
const PLANS_BY_COUNTRY = new Map<string, NumberingPlan>();
/**
 * The plans of each calling code (1–3 digits) at index callingCodeKey(size, value): the code is
 * read digit by digit from the number, never sliced out. Within a code the main country comes
 * first (libphonenumber's own order: US before the other 24 of +1), so a number of the main
 * country is decided by the first pattern; the verdict does not depend on the order.
 */
const PLANS_BY_CALLING_CODE: (readonly NumberingPlan[] | undefined)[] = new Array<readonly NumberingPlan[] | undefined>(4000).fill(undefined);

function callingCodeKey(size: number, value: number): number {
  return size * 1000 + value;
}

{
  const { countries = {}, country_calling_codes: mainFirst = {} } = metadata as unknown as { countries?: Record<string, unknown>; country_calling_codes?: Record<string, unknown> };
  const byCallingCode = new Map<string, { country: string; plan: NumberingPlan }[]>();
  for (const [country, entry] of Object.entries(countries)) {
    if (!Array.isArray(entry)) continue;
    const [callingCode, , pattern, lengths] = entry as unknown[];
    if (typeof callingCode !== 'string' || typeof pattern !== 'string' || !Array.isArray(lengths)) continue;
    const plan: NumberingPlan = { pattern: new RegExp(`^(?:${pattern})$`), lengths: new Set(lengths.filter((n): n is number => typeof n === 'number')) };
    PLANS_BY_COUNTRY.set(country, plan);
    const list = byCallingCode.get(callingCode) ?? [];
    list.push({ country, plan });
    byCallingCode.set(callingCode, list);
  }
  for (const [callingCode, list] of byCallingCode) {
    if (!/^[0-9]{1,3}$/.test(callingCode)) continue;
    const order = mainFirst[callingCode];
    const rank = (country: string): number => {
      const at = Array.isArray(order) ? order.indexOf(country) : -1;
      return at === -1 ? Number.MAX_SAFE_INTEGER : at;
    };
    list.sort((a, b) => rank(a.country) - rank(b.country));
    PLANS_BY_CALLING_CODE[callingCodeKey(callingCode.length, Number(callingCode))] = list.map((entry) => entry.plan);
  }
}

function planVerdict(plans: readonly NumberingPlan[], nsn: string): PhoneVerdict | undefined {
  let possible = false;
  for (const plan of plans) {
    if (plan.pattern.test(nsn)) return 'valid';
    if (plan.lengths.has(nsn.length)) possible = true;
  }
  return possible ? 'possible' : undefined;
}

function singlePlanVerdict(plan: NumberingPlan, nsn: string): PhoneVerdict | undefined {
  if (plan.pattern.test(nsn)) return 'valid';
  return plan.lengths.has(nsn.length) ? 'possible' : undefined;
}

/** 'valid' from the metadata alone, else 'possible' or 'invalid' by length, or undefined: no plan. `digits` from `from` on. */
function fastInternationalVerdict(digits: string, from: number): PhoneVerdict | undefined {
  let value = 0;
  for (let size = 1; size <= 3 && size < digits.length - from; size++) {
    value = value * 10 + (digits.charCodeAt(from + size - 1) - 48);
    const plans = PLANS_BY_CALLING_CODE[callingCodeKey(size, value)];
    if (plans !== undefined) return planVerdict(plans, digits.slice(from + size)) ?? 'invalid';
  }
  return undefined;
}

const CACHE_LIMIT = 4096;
const cache = new Map<string, PhoneVerdict>();

function libphonenumberVerdict(candidate: string, country: CountryCode | undefined): PhoneVerdict {
  const key = `${country ?? '+'}|${candidate}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const parsed = parsePhoneNumberFromString(candidate, country === undefined ? undefined : { defaultCountry: country, extract: false });
  const verdict: PhoneVerdict = parsed === undefined ? 'invalid' : parsed.isValid() ? 'valid' : parsed.isPossible() ? 'possible' : 'invalid';
  // A full cache is dropped whole: simpler than LRU and still bounded.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, verdict);
  return verdict;
}

/**
 * How many libphonenumber calls one detect() call may make: linear in the text, so a text of
 * nothing but phone-shaped digit groups cannot make detection quadratic-in-practice slow.
 * Past the budget a candidate is judged by shape alone (and masked if it looks like a phone:
 * the safe side).
 */
export class PhoneBudget {
  private remaining = 0;

  /** A fresh budget for a text of `textLength` units. */
  reset(textLength: number): this {
    this.remaining = 32 + Math.floor(textLength / 32);
    return this;
  }

  take(): boolean {
    if (this.remaining <= 0) return false;
    this.remaining--;
    return true;
  }
}

/**
 * An international number: its digits are `digits` from `from` on (country code first); the
 * text after its '+' (or '00') is text[textFrom, textTo), made into a string only for libphonenumber.
 */
export function internationalVerdict(digits: string, from: number, text: string, textFrom: number, textTo: number, budget: PhoneBudget): PhoneVerdict {
  const parenthesis = text.indexOf('(', textFrom);
  const hasParenthesis = parenthesis !== -1 && parenthesis < textTo;
  if (digits.charCodeAt(from) === 51 && digits.charCodeAt(from + 1) === 49 && !hasParenthesis) return dutchNationalVerdict(digits, from + 2);
  // A trunk "(0)" after the country code is for libphonenumber to read; the rest the metadata decides when it can.
  // Without a '(' in the number there is no "(0" to look for.
  if (!hasParenthesis || !hasTrunkInParentheses(text, textFrom, textTo)) {
    const fast = fastInternationalVerdict(digits, from);
    if (fast === 'valid' || fast === 'invalid') return fast;
  }
  if (!budget.take()) return 'possible';
  return libphonenumberVerdict(`+${text.slice(textFrom, textTo)}`, undefined);
}

/** Whether "(0" stands in text[from, to). */
function hasTrunkInParentheses(text: string, from: number, to: number): boolean {
  for (let i = from; i + 1 < to; i++) if (text.charCodeAt(i) === 40 && text.charCodeAt(i + 1) === 48) return true;
  return false;
}

const NATIONAL_ORDER_NL: readonly CountryCode[] = ['BE', 'DE', 'FR', 'GB'];
const NATIONAL_ORDER_EN: readonly CountryCode[] = ['GB', 'BE', 'DE', 'FR'];

/** A national number with trunk prefix 0, as it stands in text[textFrom, textTo): Dutch first, then the neighbours. */
export function trunkVerdict(digits: string, text: string, textFrom: number, textTo: number, preferEnglish: boolean, budget: PhoneBudget): PhoneVerdict {
  const dutch = dutchNationalVerdict(digits, 1);
  if (dutch === 'valid' && !preferEnglish) return dutch;
  let best: PhoneVerdict = dutch;
  const order = preferEnglish ? NATIONAL_ORDER_EN : NATIONAL_ORDER_NL;
  // The metadata first: a valid national number needs no parse; one no neighbour could have needs none either.
  let anyPossible = dutch !== 'invalid';
  const nsn = digits.slice(1);
  for (const country of order) {
    const plan = PLANS_BY_COUNTRY.get(country);
    if (plan === undefined) {
      anyPossible = true;
      continue;
    }
    const fast = singlePlanVerdict(plan, nsn);
    if (fast === 'valid') return fast;
    if (fast === 'possible') anyPossible = true;
  }
  if (!anyPossible) return 'invalid';
  const candidate = text.slice(textFrom, textTo);
  for (const country of order) {
    if (!budget.take()) return best === 'invalid' ? 'possible' : best;
    const verdict = libphonenumberVerdict(candidate, country);
    if (verdict === 'valid') return verdict;
    if (verdict === 'possible') best = 'possible';
  }
  return best;
}

/** A North American number without country code, as it stands in text[textFrom, textTo): 10 digits. */
export function northAmericanVerdict(digits: string, text: string, textFrom: number, textTo: number, budget: PhoneBudget): PhoneVerdict {
  if (digits.length !== 10) return 'invalid';
  const plan = PLANS_BY_COUNTRY.get('US');
  if (plan !== undefined) return plan.pattern.test(digits) ? 'valid' : 'invalid';
  if (!budget.take()) return 'possible';
  return libphonenumberVerdict(text.slice(textFrom, textTo), 'US');
}

import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/min/metadata';

/**
 * Phone validation: a hand-written fast path for Dutch numbers (most of what a Dutch contact
 * centre sees, and libphonenumber costs 20–50 µs a call), libphonenumber-js for the rest, with
 * a bounded cache because the same numbers recur within a conversation.
 */

export type PhoneVerdict = 'valid' | 'possible' | 'invalid';

/** Dutch national significant numbers: 9 digits, geographic 1–5 and 7, mobile 6, 8x/9x services. */
function dutchNationalVerdict(nsn: string): PhoneVerdict {
  if (nsn.length !== 9) return 'invalid';
  const first = nsn.charCodeAt(0) - 48;
  if (first === 6) return nsn.charCodeAt(1) === 48 || nsn.charCodeAt(1) === 57 ? 'possible' : 'valid';
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
const PLANS_BY_CALLING_CODE = new Map<string, NumberingPlan[]>();
{
  const countries = (metadata as unknown as { countries?: Record<string, unknown> }).countries ?? {};
  for (const [country, entry] of Object.entries(countries)) {
    if (!Array.isArray(entry)) continue;
    const [callingCode, , pattern, lengths] = entry as unknown[];
    if (typeof callingCode !== 'string' || typeof pattern !== 'string' || !Array.isArray(lengths)) continue;
    const plan: NumberingPlan = { pattern: new RegExp(`^(?:${pattern})$`), lengths: new Set(lengths.filter((n): n is number => typeof n === 'number')) };
    PLANS_BY_COUNTRY.set(country, plan);
    const list = PLANS_BY_CALLING_CODE.get(callingCode) ?? [];
    list.push(plan);
    PLANS_BY_CALLING_CODE.set(callingCode, list);
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

/** 'valid' from the metadata alone, else 'possible' or 'invalid' by length, or undefined: no plan. */
function fastInternationalVerdict(digits: string): PhoneVerdict | undefined {
  for (let size = 1; size <= 3 && size < digits.length; size++) {
    const plans = PLANS_BY_CALLING_CODE.get(digits.slice(0, size));
    if (plans !== undefined) return planVerdict(plans, digits.slice(size)) ?? 'invalid';
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
  private remaining: number;

  constructor(textLength: number) {
    this.remaining = 32 + Math.floor(textLength / 32);
  }

  take(): boolean {
    if (this.remaining <= 0) return false;
    this.remaining--;
    return true;
  }
}

/** An international number: `candidate` is the text from its '+' (or '00'). */
export function internationalVerdict(digits: string, candidate: string, budget: PhoneBudget): PhoneVerdict {
  if (digits.startsWith('31') && !candidate.includes('(')) return dutchNationalVerdict(digits.slice(2));
  // A trunk "(0)" after the country code is for libphonenumber to read; the rest the metadata decides when it can.
  if (!candidate.includes('(0')) {
    const fast = fastInternationalVerdict(digits);
    if (fast === 'valid' || fast === 'invalid') return fast;
  }
  if (!budget.take()) return 'possible';
  return libphonenumberVerdict(candidate, undefined);
}

const NATIONAL_ORDER_NL: readonly CountryCode[] = ['BE', 'DE', 'FR', 'GB'];
const NATIONAL_ORDER_EN: readonly CountryCode[] = ['GB', 'BE', 'DE', 'FR'];

/** A national number with trunk prefix 0: Dutch first, then the neighbours. */
export function trunkVerdict(digits: string, candidate: string, preferEnglish: boolean, budget: PhoneBudget): PhoneVerdict {
  const dutch = dutchNationalVerdict(digits.slice(1));
  if (dutch === 'valid' && !preferEnglish) return dutch;
  let best: PhoneVerdict = dutch;
  const order = preferEnglish ? NATIONAL_ORDER_EN : NATIONAL_ORDER_NL;
  // The metadata first: a valid national number needs no parse; one no neighbour could have needs none either.
  let anyPossible = dutch !== 'invalid';
  for (const country of order) {
    const plan = PLANS_BY_COUNTRY.get(country);
    if (plan === undefined) {
      anyPossible = true;
      continue;
    }
    const fast = planVerdict([plan], digits.slice(1));
    if (fast === 'valid') return fast;
    if (fast === 'possible') anyPossible = true;
  }
  if (!anyPossible) return 'invalid';
  for (const country of order) {
    if (!budget.take()) return best === 'invalid' ? 'possible' : best;
    const verdict = libphonenumberVerdict(candidate, country);
    if (verdict === 'valid') return verdict;
    if (verdict === 'possible') best = 'possible';
  }
  return best;
}

/** A North American number without country code: 10 digits. */
export function northAmericanVerdict(digits: string, candidate: string, budget: PhoneBudget): PhoneVerdict {
  if (digits.length !== 10) return 'invalid';
  const plan = PLANS_BY_COUNTRY.get('US');
  if (plan !== undefined) return plan.pattern.test(digits) ? 'valid' : 'invalid';
  if (!budget.take()) return 'possible';
  return libphonenumberVerdict(candidate, 'US');
}

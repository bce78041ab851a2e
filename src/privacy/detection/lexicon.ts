import { HEALTH_TERMS } from './recognisers/health-lexicon.js';
import { isWordLetter } from './text.js';

/**
 * Every word and phrase the engine looks for, in one index: context cues, health terms, credential
 * cues, spoken number words, street kinds. The scanner hashes each word of the text once, as it
 * walks past it (integer arithmetic on the char codes), and one probe of an open-addressing table
 * says whether the word starts any phrase of any list; the candidates are then compared in place
 * against a flat table of the phrases' char codes. No regex runs over the text for words, and a
 * word is never lower-cased or cut out into a new string.
 */

/** What a phrase means; one phrase may mean several things ("pas" is a card cue and a BSN cue). */
export const Cue = {
  card: 1 << 0,
  cvv: 1 << 1,
  expiry: 1 << 2,
  bsn: 1 << 3,
  iban: 1 << 4,
  bic: 1 << 5,
  phone: 1 << 6,
  dateOfBirth: 1 << 7,
  passport: 1 << 8,
  idCard: 1 << 9,
  ipAddress: 1 << 10,
  version: 1 << 11,
  /** A business reference (order, invoice, amount): lowers any number's score. */
  reference: 1 << 12,
  postcode: 1 << 13,
  /** First person or family: makes a health term a statement about someone. */
  personal: 1 << 14,
  health: 1 << 15,
  credential: 1 << 16,
  numberWord: 1 << 17,
  englishStreet: 1 << 18,
} as const;

export type CueName = keyof typeof Cue;

const CUE_WORDS: Readonly<Partial<Record<CueName, readonly string[]>>> = {
  card: ['card', 'cards', 'cc', 'creditcard', 'credit card', 'debit card', 'debitcard', 'kaart', 'kaartnummer', 'card number', 'bankpas', 'pinpas', 'betaalpas', 'pasnummer', 'visa', 'mastercard', 'master card', 'amex', 'american express', 'maestro', 'discover', 'jcb', 'diners', 'pas'],
  cvv: ['cvc', 'cvv', 'cvc2', 'cvv2', 'cid', 'beveiligingscode', 'security code', 'verificatiecode', 'kaartcode', 'three digits', 'drie cijfers'],
  expiry: ['vervaldatum', 'verloopdatum', 'geldig tot', 'exp', 'expiry', 'expires', 'expiration', 'exp date', 'valid thru', 'valid through', 'valid until', 'vervalt'],
  bsn: ['bsn', 'burgerservicenummer', 'burger service nummer', 'burgerservice nummer', 'sofinummer', 'sofi nummer', 'sofi-nummer', 'sofi', 'social security', 'social security number', 'ssn', 'citizen service number', 'persoonsnummer', 'persoonlijk nummer'],
  iban: ['iban', 'rekening', 'rekeningnummer', 'bankrekening', 'account', 'bank account', 'account number', 'rek', 'overmaken', 'transfer'],
  bic: ['bic', 'swift', 'swift code', 'swiftcode', 'bic code', 'bic-code'],
  phone: ['phone', 'telephone', 'tel', 'telefoon', 'telefoonnummer', 'mobiel', 'mobiele', 'mobile', 'cell', 'gsm', 'fax', 'bel', 'bellen', 'belt', 'terugbellen', 'call', 'calling', 'called', 'ring', 'reach', 'bereikbaar', 'whatsapp', 'sms', 'text', 'texts', 'messages', 'office', 'desk', 'contact', 'nummer', 'number'],
  dateOfBirth: ['geboren', 'geboortedatum', 'geb', 'born', 'date of birth', 'birth date', 'birthdate', 'birth', 'dob', 'd.o.b', 'birthday', 'verjaardag', 'jarig', 'geboortedag'],
  passport: ['paspoort', 'paspoortnummer', 'passport', 'passport number', 'reisdocument', 'travel document'],
  idCard: ['identiteitskaart', 'id-kaart', 'idkaart', 'id kaart', 'id-bewijs', 'identiteitsbewijs', 'id card', 'identity card', 'id-card', 'identity document', 'documentnummer', 'document number', 'rijbewijs', 'driving licence', "driver's license", 'id number', 'id nummer', 'id'],
  ipAddress: ['ip', 'ip-adres', 'ip adres', 'ip address', 'ipv4', 'ipv6', 'server', 'host', 'adres', 'address', 'router', 'modem'],
  version: ['versie', 'version', 'v', 'ver', 'release', 'build', 'firmware', 'app'],
  /**
   * Words that say a number is a business reference rather than something about a person. The
   * currency signs and '#' count too; the scanner records them itself.
   */
  reference: [
    'order', 'orders', 'ordernummer', 'ordernr', 'bestelling', 'bestelnummer', 'bestelnr', 'factuur', 'factuurnummer', 'invoice', 'invoice number', 'track', 'tracking',
    'track and trace', 'trace', 'zending', 'zendingnummer', 'pakket', 'parcel', 'shipment', 'ticket', 'ticketnummer', 'referentie', 'reference', 'ref', 'kenmerk',
    'klantnummer', 'customer number', 'dossier', 'dossiernummer', 'case', 'zaak', 'zaaknummer', 'bedrag', 'amount', 'totaal', 'total', 'prijs', 'price', 'artikel',
    'artikelnummer', 'sku', 'ean', 'serienummer', 'serial', 'model', 'transactie', 'transaction', 'kvk', 'btw', 'vat', 'contract', 'contractnummer', 'polis',
    'polisnummer', 'policy',
  ],
  postcode: ['postcode', 'zip', 'postal code', 'adres', 'address', 'woon', 'woonachtig'],
  personal: [
    'ik', 'mijn', 'me', 'mij', 'heb', 'had', 'hebben', 'gebruik', 'slik', 'neem', 'lijd', 'last van', 'kreeg', 'gekregen', 'ben', 'was', 'zit', 'i', "i'm", 'i am', 'my',
    'have', 'take', 'taking', 'suffer', 'suffering', 'got', 'diagnosed', 'am', 'on', 'with', 'husband', 'wife', 'son', 'daughter', 'mother', 'father', 'man', 'vrouw',
    'zoon', 'dochter', 'moeder', 'vader',
  ],
  /** The words that introduce a secret, said aloud or typed. */
  credential: [
    'wachtwoord', 'wachtwoorden', 'password', 'passwort', 'passcode', 'passphrase', 'pincode', 'pin-code', 'pin code', 'pin', 'pinnummer', 'toegangscode', 'inlogcode',
    'verificatiecode', 'verification code', 'sms-code', 'sms code', 'beveiligingscode', 'one-time code', 'otp', 'code', 'tan', 'wifi-wachtwoord',
  ],
  englishStreet: ['street', 'st', 'road', 'rd', 'avenue', 'ave', 'lane', 'ln', 'drive', 'dr', 'boulevard', 'blvd', 'way', 'court', 'ct', 'place', 'pl', 'square', 'sq', 'terrace', 'close', 'crescent', 'gardens', 'hill', 'parkway', 'highway'],
};

/** Number words as a transcript spells them out, and what they stand for. */
const DIGIT_WORDS: readonly (readonly [string, string])[] = [
  ['nul', '0'], ['een', '1'], ['één', '1'], ['twee', '2'], ['drie', '3'], ['vier', '4'], ['vijf', '5'], ['zes', '6'], ['zeven', '7'], ['acht', '8'], ['negen', '9'],
  ['zero', '0'], ['oh', '0'], ['one', '1'], ['two', '2'], ['three', '3'], ['four', '4'], ['five', '5'], ['six', '6'], ['seven', '7'], ['eight', '8'], ['nine', '9'],
];
const REPEAT_WORDS: readonly (readonly [string, number])[] = [['double', 2], ['dubbel', 2], ['triple', 3]];

/** Health terms that are medical in any sense, and those with everyday senses too. */
const ALWAYS_MEDICAL = new Set(['gediagnosticeerd', 'diagnosed', 'chemo', 'chemotherapie', 'chemotherapy', 'insuline', 'insulin', 'metformine', 'metformin', 'hiv', 'aids', 'dialyse', 'dialysis']);
const AMBIGUOUS = new Set(['ziek', 'ziekte', 'ic', 'recept', 'pillen', 'operatie', 'operation', 'terminal', 'therapie', 'therapy', 'specialist', 'ill', 'sick', 'std', 'sti', 'prep', 'ms-patiënt', 'gp', 'ibs', 'a&e', 'corona', 'griep', 'blind', 'opgenomen', 'de pil', 'medicine', 'hospital', 'ziekenhuis', 'allergie', 'allergy', 'rehab', 'puffer']);

export type HealthKind = 'always' | 'ambiguous' | 'plain';

export interface Phrase {
  /** Lower case, as it must appear in the text (case-insensitively). */
  readonly text: string;
  /** Letters before the first non-letter: the scan skips a phrase whose first word has another length. */
  readonly firstWordLength: number;
  readonly cues: number;
  readonly digit: string | undefined;
  readonly repeat: number | undefined;
  readonly health: HealthKind | undefined;
}

/** Lower case of one UTF-16 unit for the letters the lexicon and Dutch/English text use; no allocation. */
export function lowerCode(code: number): number {
  if (code >= 97) return code < 123 ? code : lowerNonAscii(code);
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function lowerNonAscii(code: number): number {
  if (code < 0xc0) return code;
  if (code <= 0xde) return code === 0xd7 ? code : code + 32;
  // Latin Extended-A pairs upper (even) with lower (odd) in these two stretches.
  if ((code >= 0x100 && code <= 0x137) || (code >= 0x14a && code <= 0x177)) return code | 1;
  return code;
}

const LOWER: Uint16Array = (() => {
  const table = new Uint16Array(0x10000);
  for (let code = 0; code < 0x10000; code++) table[code] = lowerCode(code);
  return table;
})();

/**
 * One step of the word hash over a lower-cased unit, the same step the scanner runs as it walks
 * a word: hash·31 + code, as a shift and two adds, the shortest chain a character can add to
 * the scan's loop. Its low bits mix poorly, so the table index takes the top bits of one
 * multiplication per word (slotOf) instead.
 */
export function hashStep(hash: number, lower: number): number {
  return ((hash << 5) - hash + lower) | 0;
}
export const HASH_SEED = 0x811c9dc5 | 0;

function keyOf(phrase: string): number {
  let hash = HASH_SEED;
  for (let i = 0; i < phrase.length && isWordLetter(phrase.charCodeAt(i)); i++) hash = hashStep(hash, LOWER[phrase.charCodeAt(i)] ?? 0);
  return hash;
}

function firstWordLength(phrase: string): number {
  let i = 0;
  while (i < phrase.length && isWordLetter(phrase.charCodeAt(i))) i++;
  return i;
}

/** Phrases by the hash of their first word, longest first within a key. */
export const PHRASES_BY_KEY: ReadonlyMap<number, readonly Phrase[]> = (() => {
  const byText = new Map<string, { cues: number; digit?: string; repeat?: number; health?: HealthKind }>();
  const add = (text: string, cues: number, extra: { digit?: string; repeat?: number; health?: HealthKind } = {}): void => {
    const entry = byText.get(text) ?? { cues: 0 };
    entry.cues |= cues;
    Object.assign(entry, extra);
    byText.set(text, entry);
  };
  for (const [name, words] of Object.entries(CUE_WORDS) as [CueName, readonly string[]][]) for (const word of words) add(word, Cue[name]);
  for (const [word, digit] of DIGIT_WORDS) add(word, Cue.numberWord, { digit });
  for (const [word, repeat] of REPEAT_WORDS) add(word, Cue.numberWord, { repeat });
  for (const term of HEALTH_TERMS) add(term, Cue.health, { health: ALWAYS_MEDICAL.has(term) ? 'always' : AMBIGUOUS.has(term) ? 'ambiguous' : 'plain' });
  const index = new Map<number, Phrase[]>();
  for (const [text, entry] of byText) {
    if (!isWordLetter(text.charCodeAt(0))) throw new Error(`lexicon phrase must start with a letter: ${text}`);
    const key = keyOf(text);
    const list = index.get(key) ?? [];
    // One shape for every phrase, so the scan's property reads stay monomorphic.
    list.push({ text, firstWordLength: firstWordLength(text), cues: entry.cues, digit: entry.digit, repeat: entry.repeat, health: entry.health });
    index.set(key, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.text.length - a.text.length);
  return index;
})();

/**
 * The same index as an open-addressing table over the hash: the scan's lookup is an array probe,
 * no Map hashing of a number that may not fit a small integer. Load stays under a quarter.
 */
const TABLE_BITS = 12;
const TABLE_SIZE = 1 << TABLE_BITS;
const TABLE_MASK = TABLE_SIZE - 1;
const tableKeys = new Int32Array(TABLE_SIZE);
/**
 * One bit per slot: used or not. 512 bytes, so the probe that turns most words away (most words
 * are in no list) reads memory that stays in the first-level cache; the keys are read only
 * for a used slot.
 */
const tableUsed = new Int32Array(TABLE_SIZE >>> 5);
const tableLists: (readonly Phrase[])[] = new Array<readonly Phrase[]>(TABLE_SIZE).fill([]);

function isUsed(slot: number): boolean {
  return (((tableUsed[slot >>> 5] as number) >>> (slot & 31)) & 1) !== 0;
}

/** The longest word whose hash is injective (see SLOT_SIMPLE). */
const MAX_SIMPLE_WORD = 6;

/** The first slot to probe for a key: the top bits of a multiplication mix every bit of the key. */
function slotOf(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - TABLE_BITS);
}

for (const [key, list] of PHRASES_BY_KEY) {
  let slot = slotOf(key);
  while (isUsed(slot)) slot = (slot + 1) & TABLE_MASK;
  tableUsed[slot >>> 5] = (tableUsed[slot >>> 5] as number) | (1 << (slot & 31));
  tableKeys[slot] = key;
  tableLists[slot] = list;
}
if (PHRASES_BY_KEY.size * 4 > TABLE_SIZE) throw new Error('lexicon table too full');

/**
 * The same phrases laid out flat for the scan, so that looking a word up touches a few small
 * typed arrays instead of a list, its Phrase objects and their strings (which lie all over the
 * heap and cost a cache miss each). Entries of one key are contiguous, longest first; the
 * Phrase object is read only for a phrase that matched.
 */
const entryCount = [...PHRASES_BY_KEY.values()].reduce((sum, list) => sum + list.length, 0);
/** Per table slot: its first entry and how many it has (0: an empty slot). */
export const SLOT_FIRST = new Int32Array(TABLE_SIZE);
export const SLOT_COUNT = new Uint8Array(TABLE_SIZE);
/** Per entry: where its text starts in ENTRY_CHARS, its length, its first word's length, its cues. */
export const ENTRY_OFFSET = new Int32Array(entryCount);
export const ENTRY_LENGTH = new Uint8Array(entryCount);
export const ENTRY_FIRST_WORD = new Uint8Array(entryCount);
export const ENTRY_CUES = new Int32Array(entryCount);
const entryPhrases: Phrase[] = [];
export const ENTRY_PHRASE: readonly Phrase[] = entryPhrases;
export const ENTRY_CHARS: Uint16Array = (() => {
  const chars: number[] = [];
  for (let slot = 0, entry = 0; slot < TABLE_SIZE; slot++) {
    if (!isUsed(slot)) continue;
    const list = tableLists[slot] ?? [];
    SLOT_FIRST[slot] = entry;
    SLOT_COUNT[slot] = list.length;
    for (const phrase of list) {
      ENTRY_OFFSET[entry] = chars.length;
      ENTRY_LENGTH[entry] = phrase.text.length;
      ENTRY_FIRST_WORD[entry] = phrase.firstWordLength;
      ENTRY_CUES[entry] = phrase.cues;
      entryPhrases.push(phrase);
      for (let k = 0; k < phrase.text.length; k++) chars.push(phrase.text.charCodeAt(k));
      entry++;
    }
  }
  if (chars.some((code) => code > 0xffff) || [...PHRASES_BY_KEY.values()].some((list) => list.some((p) => p.text.length > 255))) throw new Error('lexicon entry too long');
  return Uint16Array.from(chars);
})();

/**
 * Per table slot: the length of its one phrase when that phrase is a single word of at most
 * six lower-case ASCII letters, else 0. For such a word the hash alone decides: hash·31 + code
 * is injective on words of one length up to six letters a–z (each step's difference, at most
 * 25, is less than the base, and 25·(31⁶ − 1)/30 < 2³²), so a text word of the same length
 * whose letters lower to a–z and whose hash is the slot's key is that phrase, and the scan
 * records it without comparing a character. Such words are most of the hits ("ik", "my",
 * "bsn", "order").
 */
export const SLOT_SIMPLE: Uint8Array = (() => {
  const simple = new Uint8Array(TABLE_SIZE);
  for (let slot = 0; slot < TABLE_SIZE; slot++) {
    if (SLOT_COUNT[slot] !== 1) continue;
    const e = SLOT_FIRST[slot] as number;
    const length = ENTRY_LENGTH[e] as number;
    if (length !== ENTRY_FIRST_WORD[e] || length > MAX_SIMPLE_WORD) continue;
    let ascii = true;
    for (let k = 0; k < length; k++) {
      const code = ENTRY_CHARS[(ENTRY_OFFSET[e] as number) + k] as number;
      if (code < 97 || code > 122) ascii = false;
    }
    if (ascii) simple[slot] = length;
  }
  return simple;
})();

/** The table slot whose key is `hash`, or -1. */
export function slotFor(hash: number): number {
  let slot = slotOf(hash);
  while (isUsed(slot)) {
    if (tableKeys[slot] === hash) return slot;
    slot = (slot + 1) & TABLE_MASK;
  }
  return -1;
}

/**
 * What the benchmark's visitors type: Dutch and English chat lines, a good share of them with
 * personal data the privacy engine must find and mask (card numbers that pass Luhn, IBANs with
 * valid check digits, phone numbers, BSNs, e-mail addresses). Picked with a seeded generator, so
 * every run sends the same sequence.
 */

const PLAIN = [
  'Hallo, ik heb een vraag over mijn bestelling.',
  'Goedemiddag! Wanneer wordt mijn pakket bezorgd?',
  'Hi, my order still says processing, can you check?',
  'Ik wil graag mijn abonnement opzeggen per volgende maand.',
  'Thanks, that helps a lot.',
  'Het product is beschadigd aangekomen, wat nu?',
  'Can I change the delivery address after ordering?',
  'Ok, dank je wel voor de snelle hulp!',
  'De factuur klopt niet, er staat een bedrag van 49,95 op in plaats van 39,95.',
  'Is the store in Utrecht open on Sunday?',
];

const WITH_PII = [
  'Mijn kaartnummer is 4111 1111 1111 1111, kunt u de betaling terugboeken?',
  'Please refund to IBAN NL91 ABNA 0417 1643 00, thank you.',
  'U kunt mij bellen op 06 12345678 na vijf uur.',
  'My phone number is +31 20 123 4567 and my email is jan.jansen@example.nl',
  'Mijn BSN is 111222333, dat vroeg uw collega.',
  'Ik betaal met kaart 5555 5555 5555 4444, verloopt 12/27.',
  'Het rekeningnummer is NL20INGB0001234567 op naam van P. de Vries.',
  'Mail me at anna.devries@example.com or call +31 6 9876 5432.',
  'Bestelnummer 88231, adres Kerkstraat 12, 1017 GC Amsterdam, tel 020-1234567.',
  'Card 4000 0000 0000 0002 was declined twice, what is wrong?',
];

/** mulberry32: small, fast, good enough to pick texts reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Share of messages carrying personal data. */
export const PII_SHARE = 0.5;

export function textPicker(seed: number): () => string {
  const random = seededRandom(seed);
  return () => {
    const list = random() < PII_SHARE ? WITH_PII : PLAIN;
    return list[Math.floor(random() * list.length)] ?? 'Hallo';
  };
}

export const TEXT_COUNT = PLAIN.length + WITH_PII.length;

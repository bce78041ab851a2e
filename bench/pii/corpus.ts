import { BENIGN, BENIGN_LEAD, bsn, card, elevenTestFailingNumber, email, iban, luhnFailingCard, mod97FailingIban, phone } from './entities.js';
import { Picker, seededRandom } from './prng.js';

export type PlantedKind = 'card' | 'iban' | 'bsn' | 'email' | 'phone';

export interface Planted {
  readonly kind: PlantedKind | 'decoy' | 'benign';
  readonly value: string;
}

export interface Message {
  readonly text: string;
  readonly planted: readonly Planted[];
}

/** Sentence frames: {} is where the value goes. Dutch and English, chat register. */
const FRAMES: Readonly<Record<PlantedKind | 'decoy-card' | 'decoy-iban' | 'decoy-bsn', readonly string[]>> = {
  card: ['mijn kaartnummer is {}', 'je kunt afschrijven van {}', 'my card number is {}', 'please charge {} instead', 'creditcard {} graag gebruiken', 'the visa ends in ... {}'],
  iban: ['mijn rekeningnummer is {}', 'stort het terug op {} aub', 'my IBAN is {}', 'please refund to {}', 'IBAN: {}', 'het geld moet naar {}'],
  bsn: ['mijn BSN is {}', 'burgerservicenummer: {}', 'my BSN is {}', 'bsn {} staat op mijn paspoort', 'my citizen service number is {}', 'sofinummer {}'],
  email: ['mail me op {}', 'mijn e-mail is {}', 'you can reach me at {}', 'stuur de bevestiging naar {}', 'email: {}', 'contact {} please'],
  phone: ['bel me op {}', 'mijn telefoonnummer is {}', 'call me on {}', 'mobiel: {}', 'my number is {}', 'je kunt me bereiken op {}', 'tel {}'],
  'decoy-card': ['kaartnummer {} werkt niet', 'card {} was declined', 'is {} mijn pasnummer?'],
  'decoy-iban': ['rekening {} klopt dat?', 'IBAN {} was rejected', 'ik heb {} ingevuld'],
  'decoy-bsn': ['mijn bsn is {} denk ik', 'BSN: {}', 'my bsn is {}'],
};

const FILLER: readonly string[] = [
  'Goedemiddag, ik heb een vraag over mijn bestelling.',
  'Hello, I have a question about my order.',
  'Het pakket is nog steeds niet aangekomen.',
  'The parcel still has not arrived.',
  'Kunnen jullie dat even nakijken?',
  'Could you please check this for me?',
  'Alvast bedankt voor de hulp!',
  'Thanks in advance for your help.',
  'Ik heb gisteren al gebeld maar niemand nam op.',
  'I tried the website but it keeps giving an error.',
  'De monteur komt volgende week langs.',
  'My subscription renews next month.',
  'Graag zo snel mogelijk een reactie.',
  'Is het mogelijk om de levering te verplaatsen?',
  'Can I change the delivery address?',
];

function fill(frame: string, value: string): { text: string; at: number } {
  const at = frame.indexOf('{}');
  return { text: frame.slice(0, at) + value + frame.slice(at + 2), at };
}

/** A seeded corpus of at least `minBytes` UTF-8 bytes of chat messages. */
export function generateCorpus(seed: number, minBytes: number): Message[] {
  const p = new Picker(seededRandom(seed));
  const messages: Message[] = [];
  let bytes = 0;
  while (bytes < minBytes) {
    const parts: string[] = [p.pick(FILLER)];
    const planted: Planted[] = [];
    const slots = p.int(1, 3);
    for (let s = 0; s < slots; s++) {
      const roll = p.random();
      let frame: string;
      let value: string;
      let kind: Planted['kind'];
      if (roll < 0.5) {
        const entity = p.pick<PlantedKind>(['card', 'iban', 'bsn', 'email', 'phone']);
        kind = entity;
        frame = p.pick(FRAMES[entity]);
        value = entity === 'card' ? card(p) : entity === 'iban' ? iban(p) : entity === 'bsn' ? bsn(p) : entity === 'email' ? email(p) : phone(p);
      } else if (roll < 0.65) {
        const decoy = p.pick(['decoy-card', 'decoy-iban', 'decoy-bsn'] as const);
        kind = 'decoy';
        frame = p.pick(FRAMES[decoy]);
        value = decoy === 'decoy-card' ? luhnFailingCard(p) : decoy === 'decoy-iban' ? mod97FailingIban(p) : elevenTestFailingNumber(p);
      } else {
        kind = 'benign';
        frame = `${p.pick(BENIGN_LEAD)} {}`;
        value = p.pick(BENIGN)(p);
      }
      parts.push(fill(frame, value).text + p.pick(['.', '', '!', ' graag.', ', thanks.']));
      planted.push({ kind, value });
    }
    if (p.chance(0.5)) parts.push(p.pick(FILLER));
    const text = parts.join(' ');
    messages.push({ text, planted });
    bytes += Buffer.byteLength(text, 'utf8');
  }
  return messages;
}

import { describe, expect, it } from 'vitest';
import { Cue } from './lexicon.js';
import { Scan, scanText } from './scan.js';

function hitTexts(text: string, cue: number): string[] {
  const scan = scanText(text);
  const texts: string[] = [];
  for (let h = 0; h < scan.hitCount; h++) if (((scan.hitCues[h] ?? 0) & cue) !== 0) texts.push(text.slice(scan.hitStart[h], scan.hitEnd[h]));
  return texts;
}

describe('the single scan', () => {
  it('finds lexicon words whatever their case, accents included', () => {
    expect(hitTexts('Mijn BSN, mijn Burgerservicenummer', Cue.bsn)).toEqual(['BSN', 'Burgerservicenummer']);
    expect(hitTexts('NUL ZES ÉÉN', Cue.numberWord)).toEqual(['NUL', 'ZES', 'ÉÉN']);
  });

  it('matches whole words only: "geen" holds no "een", "pasta" no "pas", "4card" no "card"', () => {
    expect(hitTexts('ik heb geen pasta', Cue.numberWord | Cue.card)).toEqual([]);
    expect(hitTexts('4card card4 card', Cue.card)).toEqual(['card']);
  });

  it('finds a phrase and the words inside it: "card number" is a card cue and "number" a phone cue', () => {
    expect(hitTexts('my card number', Cue.card)).toEqual(['card number', 'card']);
    expect(hitTexts('my card number', Cue.phone)).toEqual(['number']);
  });

  it('takes a short single-word phrase on its hash alone only where the hash is exact', () => {
    // "bsn", "order", "ik": one-word phrases of at most six letters a–z, recorded without a compare.
    expect(hitTexts('BSN bsn Bsn bsn1 1bsn bsnx', Cue.bsn)).toEqual(['BSN', 'bsn', 'Bsn']);
    expect(hitTexts('ORDER order, order: orders', Cue.reference)).toEqual(['ORDER', 'order', 'order', 'orders']);
    // A word with a letter that lowers to anything but a–z ("één") is compared character by character.
    expect(hitTexts('een één EEN', Cue.numberWord)).toEqual(['een', 'één', 'EEN']);
    // Near misses: another length, another letter, a digit glued on.
    expect(hitTexts('bsns bs bsñ order1 ordex', Cue.bsn | Cue.reference)).toEqual([]);
  });

  it('counts currency signs and a lone # as references, but not "card #"', () => {
    expect(hitTexts('€ 12 of #123', Cue.reference)).toEqual(['€', '#']);
    expect(hitTexts('card # 4111', Cue.reference)).toEqual([]);
  });

  it('records digit runs, IBAN and BIC starts and the @ and : it passed', () => {
    const scanned = scanText('NL91 ABNA 0417 1643 00, BIC ABNANL2A, a@b.nl, 12:30');
    expect([...scanned.ibanStarts.subarray(0, scanned.ibanStartCount)]).toEqual([0]);
    expect([...scanned.bicStarts.subarray(0, scanned.bicStartCount)]).toEqual([28]);
    expect(scanned.atSigns).toBe(1);
    expect(scanned.colons).toBe(1);
    expect([...scanned.runDigitCount.subarray(0, scanned.runCount)]).toEqual([2, 10, 1, 2, 2]);
  });

  it('grows its buffers past their first size and forgets a long text when it scans the next one', () => {
    const scan = new Scan();
    const long = Array.from({ length: 300 }, (_, i) => `kaart ${i}-${i} mijn`).join(' ');
    scanText(long, scan);
    expect(scan.runCount).toBe(300);
    expect(scan.groupCount).toBe(600);
    expect(scan.hitCount).toBe(300);
    expect(scan.personalCount).toBe(300);
    scanText('bel 06-12345678', scan);
    expect(scan.runCount).toBe(1);
    expect(scan.groupCount).toBe(2);
    expect(scan.runDigitCount[0]).toBe(10);
    expect(scan.groupSeparator[0]).toBe(45);
    expect(scan.hitCount).toBe(1);
    expect(scan.personalCount).toBe(0);
    expect(scan.cues & Cue.card).toBe(0);
  });
});

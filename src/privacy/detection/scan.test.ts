import { describe, expect, it } from 'vitest';
import { Cue } from './lexicon.js';
import { scanText } from './scan.js';

function hitTexts(text: string, cue: number): string[] {
  return scanText(text)
    .hits.filter((hit) => (hit.cues & cue) !== 0)
    .map((hit) => text.slice(hit.start, hit.end));
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

  it('counts currency signs and a lone # as references, but not "card #"', () => {
    expect(hitTexts('€ 12 of #123', Cue.reference)).toEqual(['€', '#']);
    expect(hitTexts('card # 4111', Cue.reference)).toEqual([]);
  });

  it('records digit runs, IBAN and BIC starts and the @ and : it passed', () => {
    const scanned = scanText('NL91 ABNA 0417 1643 00, BIC ABNANL2A, a@b.nl, 12:30');
    expect(scanned.ibanStarts).toEqual([0]);
    expect(scanned.bicStarts).toEqual([28]);
    expect(scanned.atSigns).toBe(1);
    expect(scanned.colons).toBe(1);
    expect(scanned.runs.map((run) => run.digitCount)).toEqual([2, 10, 1, 2, 2]);
  });
});

import { describe, expect, it } from 'vitest';
import { commonPasswordCount, isCommonPassword } from './common-passwords.js';
import { checkPassword, strengthFor, type PasswordVerdict } from './password-policy.js';

// ASVS requirement ids: OWASP ASVS 5.0, chapter "V6 Authentication", section "V6.2 Password
// Security" (github.com/OWASP/ASVS, 5.0/en/0x15-V6-Authentication.md, commit 04f377fa), read
// through the `search` tool; the ids match the v5.0.0-6.2.x ids used in published checklists.

const owner = { email: 'jan.jansen@example.nl', displayName: 'Jan de Vries-Jansen' };
const sentence = 'Vier blauwe olifanten dansen zacht op de maan terwijl zeven rode vossen zingen over koffie. ';

/** A varied, non-repetitive text of exactly `length` code points. */
function passphraseOf(length: number): string {
  const text = [...sentence.repeat(Math.ceil(length / sentence.length) + 1)].slice(0, length).join('');
  expect([...text]).toHaveLength(length);
  return text;
}

function reasonsOf(verdict: PasswordVerdict): readonly string[] {
  return verdict.ok ? [] : verdict.reasons;
}

describe('checkPassword: length', () => {
  it('ASVS 6.2.1: refuses a password of 11 code points', () => {
    expect(checkPassword('blauwe olif', owner)).toEqual({ ok: false, reasons: ['too-short'] });
  });

  it('ASVS 6.2.1: accepts a password of 12 code points', () => {
    expect(checkPassword('blauwe olifa', owner)).toMatchObject({ ok: true });
  });

  it('ASVS 6.2.9: accepts a password of 256 code points (at least 64 must be allowed)', () => {
    expect(checkPassword(passphraseOf(256), owner)).toMatchObject({ ok: true });
  });

  it('refuses a password of 257 code points', () => {
    expect(checkPassword(passphraseOf(257), owner)).toEqual({ ok: false, reasons: ['too-long'] });
  });

  it('refuses a megabyte of input without normalising it (denial of service)', () => {
    expect(checkPassword('é'.repeat(1_000_000), owner)).toEqual({ ok: false, reasons: ['too-long'] });
  });

  it('counts code points, not UTF-16 units: 11 emoji (22 units) are too short', () => {
    expect(checkPassword('🐢🦊🍉🚲🌋🎻🧀🪁🦉🌵🛶', owner)).toEqual({ ok: false, reasons: ['too-short'] });
  });

  it('counts a letter typed with a combining accent as one character (NFC)', () => {
    // 11 letters as a person sees them, 12 code points before NFC.
    const decomposed = 'tra\u0308umerei i';
    expect([...decomposed]).toHaveLength(12);
    expect(checkPassword(decomposed, owner)).toEqual({ ok: false, reasons: ['too-short'] });
  });

  it('keeps spaces as they are: twelve characters with runs of spaces count as twelve', () => {
    expect(checkPassword('zeven   rode', owner)).toMatchObject({ ok: true });
  });
});

describe('checkPassword: composition', () => {
  it('ASVS 6.2.5: accepts a password of twelve emoji (no rules on character types)', () => {
    expect(checkPassword('🐢🦊🍉🚲🌋🎻🧀🪁🦉🌵🛶🍄', owner)).toMatchObject({ ok: true });
  });

  it('ASVS 6.2.5: accepts lower-case words with no digit or symbol', () => {
    expect(checkPassword('correct horse battery staple', owner)).toMatchObject({ ok: true });
  });

  it('refuses input that is not text instead of throwing', () => {
    for (const input of [undefined, null, 42, ['password'], { toString: () => 'x'.repeat(20) }]) {
      expect(checkPassword(input, owner)).toEqual({ ok: false, reasons: ['not-text'] });
    }
  });

  it('refuses a lone surrogate, which UTF-8 would store as U+FFFD (two passwords, one hash)', () => {
    expect(checkPassword('zeven rode vossen \uD83D', owner)).toEqual({ ok: false, reasons: ['not-text'] });
  });

  it('does not throw on a context that is not what the type says', () => {
    const odd = { email: undefined, displayName: 7 } as unknown as typeof owner;
    expect(checkPassword('correct horse battery staple', odd)).toMatchObject({ ok: true });
  });
});

describe('checkPassword: common and breached passwords', () => {
  it('loads the @zxcvbn-ts/language-common list of about 49,000 passwords', () => {
    expect(commonPasswordCount()).toBeGreaterThan(49_000);
    // Known answers from the list itself: these three are on it, 'password123456' is not.
    expect(isCommonPassword('qwertyuiop12')).toBe(true);
    expect(isCommonPassword('iloveyou')).toBe(true);
    expect(isCommonPassword('password1234')).toBe(true);
  });

  it('ASVS 6.2.4: rejects a listed password whatever its case', () => {
    for (const password of ['qwertyuiop12', 'QWERTYUIOP12', 'QwertyUiop12', '123456789012']) {
      expect(reasonsOf(checkPassword(password, owner))).toContain('common');
    }
  });

  it('ASVS 6.2.12: rejects a listed word with digits or symbols stuck on ("password123456")', () => {
    for (const password of ['password123456', 'PASSWORD123456', 'IloveYou2024!!', '!!!iloveyou!!!', 'welkom123456']) {
      expect(reasonsOf(checkPassword(password, owner))).toContain('common');
    }
  });

  it('rejects a password that is only repeats or a sequence (guessable in under a million tries)', () => {
    for (const password of ['aaaaaaaaaaaa', 'abcdefghijkl', '😀😀😀😀😀😀😀😀😀😀😀😀']) {
      expect(checkPassword(password, owner)).toEqual({ ok: false, reasons: ['too-guessable'] });
    }
  });

  it('does not refuse a passphrase for merely containing a listed word in the middle', () => {
    expect(checkPassword('my dragon eats blue tulips', owner)).toMatchObject({ ok: true });
  });
});

describe("checkPassword: the user's own words", () => {
  it("ASVS 6.2.11: rejects a password built from the user's own e-mail", () => {
    expect(reasonsOf(checkPassword('jan.jansen@example.nl!', owner))).toContain('contains-personal-info');
    expect(reasonsOf(checkPassword('JAN.JANSEN rocks 77', owner))).toContain('contains-personal-info');
  });

  it("ASVS 6.2.11: rejects a password containing a part of the user's name, in any case or accent", () => {
    expect(reasonsOf(checkPassword('ikbendevriesvanhier', owner))).toContain('contains-personal-info');
    const zoe = { email: 'z.bakker@example.nl', displayName: 'Zoë Bakker' };
    expect(reasonsOf(checkPassword('ZOE loves long walks', zoe))).toContain('contains-personal-info');
  });

  it('ignores name parts shorter than three letters ("de" is in too many words)', () => {
    expect(checkPassword('de wind waait hard vandaag', owner)).toMatchObject({ ok: true });
  });

  it('ASVS 6.2.11: rejects the documented context-specific word "bolwerk"', () => {
    expect(reasonsOf(checkPassword('my Bolwerk login is fine', owner))).toContain('contains-context-word');
  });

  it('reports every problem at once', () => {
    expect(checkPassword('jansen123456', owner)).toEqual({ ok: false, reasons: ['common', 'contains-personal-info', 'too-guessable'] });
  });
});

describe('strengthFor', () => {
  it('scores a heavily used password 0 with a translatable warning', () => {
    expect(strengthFor('password', owner)).toEqual({
      strength: 0,
      feedback: {
        warning: { code: 'topTen', message: 'This is a heavily used password.' },
        suggestions: [{ code: 'anotherWord', message: 'Add more words that are less common.' }],
      },
    });
  });

  it("counts the user's own name as guessable", () => {
    const quelboom = { email: 'x.quelboom@example.nl', displayName: 'Xandrijn Quelboom' };
    expect(strengthFor('quelboomxandrijn', quelboom).strength).toBeLessThanOrEqual(1);
    expect(strengthFor('quelboomxandrijn', owner).strength).toBeGreaterThanOrEqual(3);
  });

  it('scores a long passphrase 4 and does not fail on odd input', () => {
    expect(strengthFor(passphraseOf(256), owner).strength).toBe(4);
    expect(strengthFor(undefined, owner)).toEqual({ strength: 0, feedback: { warning: null, suggestions: [] } });
  });
});

import { describe, expect, it } from 'vitest';
import { CHECKPOINT_ORIGIN, CheckpointNoteError, formatCheckpointNote, parseCheckpointNote, type CheckpointBody } from './checkpoint-note.js';
import { EMPTY_ROOT } from './merkle/hashing.js';

// The checkpoint note is the exact text the Ed25519 signature covers. If two different texts
// could parse to the same checkpoint, or one text to two, a signature could be carried over to a
// checkpoint it never covered. So the parser accepts only what the formatter writes.

// The root of the 8-leaf RFC 6962 reference tree (transparency-dev/merkle testonly/constants.go).
const ROOT_8 = Buffer.from('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328', 'hex');
const ROOT_8_BASE64 = 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=';

const body: CheckpointBody = { treeSize: 10, rootHash: ROOT_8, timestamp: 1795245203118 };
const note = `bolwerk.audit/v1\n10\n${ROOT_8_BASE64}\n1795245203118\n`;

/** The note of `body` with line `index` (0-based) replaced. */
function withLine(index: number, line: string): string {
  const lines = note.split('\n');
  lines[index] = line;
  return lines.join('\n');
}

describe('formatCheckpointNote', () => {
  it('writes the exact bytes the signature covers (known answer)', () => {
    expect(CHECKPOINT_ORIGIN).toBe('bolwerk.audit/v1');
    expect(formatCheckpointNote(body)).toBe(note);
    expect(Buffer.from(formatCheckpointNote(body), 'utf8').toString('hex')).toBe(Buffer.from(note, 'ascii').toString('hex'));
  });

  it('writes the empty tree with the SHA-256 of nothing as its root', () => {
    expect(formatCheckpointNote({ treeSize: 0, rootHash: EMPTY_ROOT, timestamp: 0 })).toBe(
      'bolwerk.audit/v1\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n0\n',
    );
  });
});

describe('parseCheckpointNote', () => {
  it('round-trips what the formatter writes', () => {
    const bodies: CheckpointBody[] = [
      body,
      { treeSize: 0, rootHash: EMPTY_ROOT, timestamp: 0 },
      { treeSize: 1, rootHash: Buffer.alloc(32, 0xff), timestamp: 1 },
      { treeSize: Number.MAX_SAFE_INTEGER, rootHash: Buffer.alloc(32, 0), timestamp: Number.MAX_SAFE_INTEGER },
    ];
    for (const original of bodies) {
      const text = formatCheckpointNote(original);
      const parsed = parseCheckpointNote(text);
      expect(parsed.treeSize).toBe(original.treeSize);
      expect(parsed.timestamp).toBe(original.timestamp);
      expect(parsed.rootHash.equals(original.rootHash)).toBe(true);
      expect(formatCheckpointNote(parsed)).toBe(text);
    }
  });

  it('rejects a note with an extra line', () => {
    expect(() => parseCheckpointNote(`${note}extension\n`)).toThrow(CheckpointNoteError);
    expect(() => parseCheckpointNote(`${note}\n`)).toThrow(CheckpointNoteError);
    expect(() => parseCheckpointNote(`\n${note}`)).toThrow(CheckpointNoteError);
  });

  it('rejects a note without its final newline', () => {
    expect(() => parseCheckpointNote(note.slice(0, -1))).toThrow(CheckpointNoteError);
  });

  it('rejects a note with a missing line', () => {
    expect(() => parseCheckpointNote(`bolwerk.audit/v1\n10\n${ROOT_8_BASE64}\n`)).toThrow(CheckpointNoteError);
    expect(() => parseCheckpointNote('')).toThrow(CheckpointNoteError);
  });

  it('rejects CRLF line endings and stray whitespace', () => {
    expect(() => parseCheckpointNote(note.replaceAll('\n', '\r\n'))).toThrow(CheckpointNoteError);
    expect(() => parseCheckpointNote(withLine(1, ' 10'))).toThrow(CheckpointNoteError);
    expect(() => parseCheckpointNote(withLine(1, '10 '))).toThrow(CheckpointNoteError);
    expect(() => parseCheckpointNote(withLine(2, `${ROOT_8_BASE64} `))).toThrow(CheckpointNoteError);
    expect(() => parseCheckpointNote(withLine(2, ` ${ROOT_8_BASE64}`))).toThrow(CheckpointNoteError);
    expect(() => parseCheckpointNote(withLine(3, '1795245203118\t'))).toThrow(CheckpointNoteError);
  });

  it('rejects a checkpoint of another log (wrong origin)', () => {
    for (const origin of ['bolwerk.audit/v2', 'Bolwerk.audit/v1', 'bolwerk.audit/v1 ', 'other.example/log', '']) {
      expect(() => parseCheckpointNote(withLine(0, origin)), origin).toThrow(CheckpointNoteError);
    }
  });

  it('rejects a tree size or timestamp with leading zeros or signs', () => {
    for (const number of ['010', '00', '+10', '-10', '-0', '1e1', '10.0', '0x0a', '', '١٠']) {
      expect(() => parseCheckpointNote(withLine(1, number)), `size ${number}`).toThrow(CheckpointNoteError);
      expect(() => parseCheckpointNote(withLine(3, number)), `timestamp ${number}`).toThrow(CheckpointNoteError);
    }
  });

  it('rejects non-canonical base64 for the root', () => {
    const unpadded = ROOT_8_BASE64.replace(/=+$/, '');
    const urlSafe = ROOT_8_BASE64.replaceAll('+', '-').replaceAll('/', '_');
    // The last character carries 4 unused bits; setting one gives other text for the same bytes.
    const lastChar = ROOT_8_BASE64.at(-2) as string;
    const otherTrailingBits = `${ROOT_8_BASE64.slice(0, -2)}${String.fromCharCode(lastChar.charCodeAt(0) + 1)}=`;
    expect(Buffer.from(otherTrailingBits, 'base64').equals(ROOT_8)).toBe(true);

    for (const root of [unpadded, urlSafe, otherTrailingBits, `${ROOT_8_BASE64.slice(0, 20)}\t${ROOT_8_BASE64.slice(20)}`, ROOT_8.toString('hex')]) {
      expect(() => parseCheckpointNote(withLine(2, root)), root).toThrow(CheckpointNoteError);
    }
  });

  it('rejects a root that is not 32 bytes', () => {
    for (const length of [0, 31, 33, 64]) {
      expect(() => parseCheckpointNote(withLine(2, Buffer.alloc(length, 7).toString('base64'))), `${length} bytes`).toThrow(CheckpointNoteError);
    }
  });
});

describe('numbers beyond what JavaScript holds exactly', () => {
  // 16 digits pass the pattern but may exceed Number.MAX_SAFE_INTEGER: such a note would parse
  // to a number other than the one the signed text says.
  it('rejects a tree size or timestamp that a JavaScript number would round', () => {
    expect(() => parseCheckpointNote(withLine(1, '9007199254740993'))).toThrow(CheckpointNoteError);
    expect(() => parseCheckpointNote(withLine(3, '9999999999999999'))).toThrow(CheckpointNoteError);
  });
});

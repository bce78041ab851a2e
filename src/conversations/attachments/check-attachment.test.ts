import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors/index.js';
import { writeWav } from '../../privacy/index.js';
import { checkAttachment } from './check-attachment.js';
import { sanitiseFileName } from './sanitise-file-name.js';

/** The smallest valid PNG: 1×1, one grey pixel. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010800000000376ef9240000000a49444154789c63600000000200015e5eb9990000000049454e44ae426082', 'hex');
const ELF = Buffer.concat([Buffer.from('7f454c46020101000000000000000000', 'hex'), Buffer.alloc(48)]);
/** An MZ header whose e_lfanew points at a PE signature, as Windows programs start. */
const PE = (() => {
  const file = Buffer.alloc(256);
  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(0x80, 0x3c);
  file.write('PE\0\0', 0x80, 'latin1');
  return file;
})();
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>');
const SVG_WITH_PROLOGUE = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

const LIMIT = { maxBytes: 1024 * 1024 };

async function refusal(content: Buffer, fileName = 'file', options = LIMIT): Promise<AppError> {
  try {
    await checkAttachment({ fileName, content }, options);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('checkAttachment accepted the file');
}

/** A zip with one stored file, by hand (no archive library needed for one entry). */
function zipWith(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(Buffer.byteLength(name), 26);
  return Buffer.concat([local, Buffer.from(name), data]);
}

describe('checking an attachment by its content', () => {
  it('names a PNG disguised as photo.exe photo.png and serves it as image/png', async () => {
    const checked = await checkAttachment({ fileName: 'photo.exe', content: PNG, declaredType: 'application/x-msdownload' }, LIMIT);
    expect(checked).toMatchObject({ fileName: 'photo.png', mediaType: 'image/png', size: PNG.length });
  });

  it.each([
    ['an ELF program', ELF, 'ERR_ATTACHMENT_EXECUTABLE'],
    ['a Windows PE program', PE, 'ERR_ATTACHMENT_EXECUTABLE'],
    ['an HTML page with script', HTML, 'ERR_ATTACHMENT_SCRIPTABLE'],
    ['an SVG image with an onload handler', SVG, 'ERR_ATTACHMENT_SCRIPTABLE'],
    ['an SVG image behind an XML prologue', SVG_WITH_PROLOGUE, 'ERR_ATTACHMENT_SCRIPTABLE'],
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf ~\n'), 'ERR_ATTACHMENT_EXECUTABLE'],
  ])('refuses %s named like a picture', async (_what, content, code) => {
    expect((await refusal(content, 'holiday.png')).code).toBe(code);
  });

  it('refuses a plain zip archive (it would hide what is inside) but not by the name it came with', async () => {
    const error = await refusal(zipWith('payload.txt', Buffer.from('hello')), 'notes.txt');
    expect(error.code).toBe('ERR_ATTACHMENT_TYPE_NOT_ALLOWED');
  });

  it('refuses binary content of no known type (invalid UTF-8, NUL bytes)', async () => {
    expect((await refusal(Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x00, 0x42]), 'data.txt')).code).toBe('ERR_ATTACHMENT_TYPE_NOT_ALLOWED');
    expect((await refusal(Buffer.from('abc\u0000def'), 'data.txt')).code).toBe('ERR_ATTACHMENT_TYPE_NOT_ALLOWED');
  });

  it('refuses an oversized upload with 413 before looking at it', async () => {
    const error = await refusal(Buffer.alloc(2049, 0x41), 'big.txt', { maxBytes: 2048 });
    expect(error.code).toBe('ERR_ATTACHMENT_TOO_LARGE');
    expect(error.status).toBe(413);
  });

  it('refuses an empty file', async () => {
    expect((await refusal(Buffer.alloc(0))).code).toBe('ERR_ATTACHMENT_EMPTY');
  });

  it('accepts UTF-8 text, keeping a .csv name and giving anything else .txt', async () => {
    const text = Buffer.from('naam;bedrag\nJansen;€ 12,50\n');
    expect(await checkAttachment({ fileName: 'export.csv', content: text }, LIMIT)).toMatchObject({ fileName: 'export.csv', mediaType: 'text/plain' });
    expect(await checkAttachment({ fileName: 'readme.html', content: text }, LIMIT)).toMatchObject({ fileName: 'readme.txt', mediaType: 'text/plain' });
  });

  it('accepts a WAV recording and names it .wav', async () => {
    const wav = writeWav({ sampleRate: 8000, channels: 1 }, Buffer.alloc(1600));
    expect(await checkAttachment({ fileName: 'voicemail.mp3', content: wav }, LIMIT)).toMatchObject({ fileName: 'voicemail.wav', mediaType: 'audio/wav' });
  });

  it('accepts a PDF and names it .pdf', async () => {
    expect(await checkAttachment({ fileName: 'factuur', content: PDF }, LIMIT)).toMatchObject({ fileName: 'factuur.pdf', mediaType: 'application/pdf' });
  });
});

describe('sanitising a file name', () => {
  const png = { mediaType: 'image/png', extensions: ['png'] } as const;

  it.each([
    ['../../etc/passwd', 'passwd.png'],
    ['..\\..\\windows\\system32\\evil.png', 'evil.png'],
    ['/var/lib/bolwerk/blobs/x.png', 'x.png'],
    ['....png', 'attachment.png'],
    ['.bashrc', 'bashrc.png'],
    ['invoice.pdf.exe', 'invoice_pdf.png'],
    ['photo\u202egnp.exe', 'photognp.png'],
    ['zero\u200bwidth\u0000ctl\u0007.png', 'zerowidthctl.png'],
    ['CON.png', '_CON.png'],
    ['a<b>c:d|e?f*.png', 'a_b_c_d_e_f_.png'],
    ['', 'attachment.png'],
  ])('%j becomes %j', (name, expected) => {
    expect(sanitiseFileName(name, png)).toBe(expected);
  });

  it('caps the length of the stem at 100 characters', () => {
    const name = sanitiseFileName(`${'ä'.repeat(500)}.png`, png);
    expect(Array.from(name)).toHaveLength(104);
    expect(name.endsWith('.png')).toBe(true);
  });
});

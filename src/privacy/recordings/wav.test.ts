import { describe, expect, it } from 'vitest';
import { RecordingError, type RecordingErrorCode } from './recording-error.js';
import { chunk, FLOAT_GUID, formatBody, handMadeWav, noise, pcm, PCM_GUID, sine } from './signals.test-helpers.js';
import { readWav, writeWav } from './wav.js';

function refusal(wav: Buffer, options: Parameters<typeof readWav>[1] = {}): RecordingError {
  try {
    readWav(wav, options);
  } catch (error) {
    if (error instanceof RecordingError) return error;
    throw error;
  }
  throw new Error('readWav accepted the file');
}

function expectRefused(wav: Buffer, code: RecordingErrorCode, message: string | RegExp): void {
  const error = refusal(wav);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

const monoData = pcm(800, [sine(440, 8000)]);

describe('reading and writing WAV files', () => {
  it.each([
    [8000, 1],
    [16000, 2],
    [44100, 1],
    [48000, 2],
  ] as const)('round-trips %i Hz with %i channel(s), sample for sample', (sampleRate, channels) => {
    const data = pcm(sampleRate / 10, channels === 1 ? [noise(1)] : [noise(1), sine(440, sampleRate)]);

    const recording = readWav(writeWav({ sampleRate, channels }, data));

    expect(recording.format).toEqual({ sampleRate, channels });
    expect(recording.frames).toBe(sampleRate / 10);
    expect(recording.data.equals(data)).toBe(true);
  });

  it('writes the canonical 44-byte header that other tools expect', () => {
    const wav = writeWav({ sampleRate: 16000, channels: 2 }, Buffer.alloc(8));

    expect(wav.subarray(0, 44).toString('hex')).toBe(
      '52494646' + '2c000000' + '57415645' + '666d7420' + '10000000' + '0100' + '0200' + '803e0000' + '00fa0000' + '0400' + '1000' + '64617461' + '08000000',
    );
  });

  it('returns the samples as a view of the input rather than a copy', () => {
    const wav = writeWav({ sampleRate: 8000, channels: 1 }, monoData);

    expect(readWav(wav).data.buffer).toBe(wav.buffer);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE when its subformat is PCM', () => {
    const wav = handMadeWav({ extensibleSubformat: PCM_GUID, channels: 2, sampleRate: 16000, data: pcm(10, [noise(2), noise(3)]) });

    expect(readWav(wav).format).toEqual({ sampleRate: 16000, channels: 2 });
  });

  it('skips unknown chunks before fmt, between fmt and data, and after data', () => {
    const wav = handMadeWav({
      before: [chunk('JUNK', Buffer.alloc(28))],
      between: [chunk('LIST', Buffer.from('INFOINAM\x05\x00\x00\x00Jan\x00\x00\x00', 'latin1')), chunk('fact', Buffer.alloc(4))],
      after: [chunk('id3 ', Buffer.alloc(10))],
      data: monoData,
    });

    expect(readWav(wav).data.equals(monoData)).toBe(true);
  });

  it('skips the pad byte after an odd-sized chunk', () => {
    const wav = handMadeWav({ between: [chunk('note', Buffer.from('odd'))], data: monoData });

    expect(readWav(wav).data.equals(monoData)).toBe(true);
  });

  it('ignores a RIFF size that is wrong, as streaming writers leave it', () => {
    const wav = handMadeWav({ riffSize: 0xffffffff, data: monoData });

    expect(readWav(wav).frames).toBe(800);
  });

  it('clamps the 0xFFFFFFFF streaming placeholder to the whole frames present, dropping a partial one', () => {
    const data = pcm(100, [noise(4), noise(5)]);
    const wav = Buffer.concat([handMadeWav({ channels: 2, data, dataSize: 0xffffffff }), Buffer.of(0x12, 0x34, 0x56)]);

    const recording = readWav(wav);

    expect(recording.frames).toBe(100);
    expect(recording.data.equals(data)).toBe(true);
  });
});

describe('refusing WAV files it cannot mask exactly', () => {
  it('refuses a WAV whose data chunk claims more bytes than the file has', () => {
    expectRefused(handMadeWav({ data: monoData, dataSize: monoData.length + 2 }), 'WAV_DATA_SIZE_INVALID', /claims 1602 bytes but only 1600 follow/);
  });

  it('refuses a file cut short anywhere, with a RecordingError and never anything else', () => {
    const wav = handMadeWav({ between: [chunk('LIST', Buffer.alloc(9))], data: pcm(4, [noise(6)]) });
    const dataStart = wav.length - 8;

    for (let length = 0; length < wav.length; length++) {
      const cut = wav.subarray(0, length);
      if (length >= dataStart) {
        // Cut inside the samples: the data chunk's size now lies.
        expect(refusal(cut).code, `length ${length}`).toBe('WAV_DATA_SIZE_INVALID');
      } else {
        expect(refusal(cut), `length ${length}`).toBeInstanceOf(RecordingError);
      }
    }
  });

  it('refuses a truncated header', () => {
    expectRefused(writeWav({ sampleRate: 8000, channels: 1 }, monoData).subarray(0, 20), 'WAV_TRUNCATED', '"fmt " chunk claims 16 bytes but only 0 follow');
    expectRefused(Buffer.from('RIFF'), 'WAV_TRUNCATED', /too short/);
  });

  it('refuses 24-bit samples', () => {
    expectRefused(handMadeWav({ bitsPerSample: 24, data: Buffer.alloc(30) }), 'WAV_FORMAT_UNSUPPORTED', '24-bit samples; only 16-bit PCM');
  });

  it('refuses 8-bit samples', () => {
    expectRefused(handMadeWav({ bitsPerSample: 8, data: Buffer.alloc(30) }), 'WAV_FORMAT_UNSUPPORTED', '8-bit samples');
  });

  it('refuses three channels', () => {
    expectRefused(handMadeWav({ channels: 3, data: Buffer.alloc(30) }), 'WAV_FORMAT_UNSUPPORTED', '3 channels; only mono and two-channel');
  });

  it('refuses zero channels', () => {
    expectRefused(handMadeWav({ channels: 0, blockAlign: 0, data: Buffer.alloc(30) }), 'WAV_FORMAT_UNSUPPORTED', '0 channels');
  });

  it.each([96000, 7999, 48001, 0])('refuses a sample rate of %i Hz', (sampleRate) => {
    expectRefused(handMadeWav({ sampleRate, data: Buffer.alloc(30) }), 'WAV_FORMAT_UNSUPPORTED', `sample rate is ${sampleRate} Hz; supported rates are 8000–48000 Hz`);
  });

  it.each([
    [3, 'IEEE float (format 0x0003)'],
    [7, 'µ-law (format 0x0007)'],
    [0x55, 'MP3 (format 0x0055)'],
    [0x1234, 'format 0x1234'],
  ])('refuses non-PCM format tag %i', (formatTag, named) => {
    expectRefused(handMadeWav({ formatTag, data: Buffer.alloc(30) }), 'WAV_FORMAT_UNSUPPORTED', `holds ${named} audio`);
  });

  it('refuses WAVE_FORMAT_EXTENSIBLE holding float samples', () => {
    expectRefused(handMadeWav({ extensibleSubformat: FLOAT_GUID, data: Buffer.alloc(30) }), 'WAV_FORMAT_UNSUPPORTED', 'non-PCM subformat');
  });

  it('refuses WAVE_FORMAT_EXTENSIBLE with fewer valid bits than the container', () => {
    expectRefused(handMadeWav({ extensibleSubformat: PCM_GUID, validBits: 12, data: Buffer.alloc(30) }), 'WAV_FORMAT_UNSUPPORTED', '12 valid bits');
  });

  it('refuses a fmt chunk whose block align or byte rate disagrees with its channels and rate', () => {
    expectRefused(handMadeWav({ channels: 2, blockAlign: 2, data: Buffer.alloc(32) }), 'WAV_CHUNK_INVALID', 'inconsistent');
    expectRefused(handMadeWav({ byteRate: 1234, data: Buffer.alloc(32) }), 'WAV_CHUNK_INVALID', 'inconsistent');
  });

  it('refuses a fmt chunk shorter than the PCM fields', () => {
    expectRefused(handMadeWav({ omitFormat: true, before: [chunk('fmt ', Buffer.alloc(14))], data: Buffer.alloc(4) }), 'WAV_CHUNK_INVALID', 'fmt chunk is 14 bytes');
  });

  it('refuses a data chunk that comes before the fmt chunk', () => {
    const wav = handMadeWav({ omitFormat: true, data: monoData });

    expectRefused(wav, 'WAV_FORMAT_MISSING', 'data chunk before (or without) a fmt chunk');
  });

  it('refuses a file without a data chunk', () => {
    expectRefused(handMadeWav({ omitData: true, between: [chunk('LIST', Buffer.alloc(4))], data: Buffer.alloc(0) }), 'WAV_DATA_MISSING', 'without a data chunk');
  });

  it('refuses two fmt chunks', () => {
    expectRefused(handMadeWav({ before: [chunk('fmt ', formatBody({ data: monoData }))], data: monoData }), 'WAV_CHUNK_INVALID', 'more than one fmt chunk');
  });

  it('refuses a data chunk holding no samples', () => {
    expectRefused(handMadeWav({ data: Buffer.alloc(0) }), 'WAV_DATA_MISSING', 'no samples');
  });

  it('refuses a data chunk that is not a whole number of frames', () => {
    expectRefused(handMadeWav({ channels: 2, data: Buffer.alloc(6) }), 'WAV_DATA_SIZE_INVALID', 'not a whole number of 4-byte frames');
  });

  it('refuses a chunk other than data that claims to run past the end of the file', () => {
    const wav = handMadeWav({ between: [chunk('LIST', Buffer.alloc(4), 1_000_000)], data: monoData });

    expectRefused(wav, 'WAV_TRUNCATED', '"LIST" chunk claims 1000000 bytes');
  });

  it('refuses a chunk header of garbage bytes', () => {
    expectRefused(handMadeWav({ between: [Buffer.from('\x00\x01\x02\x03\x04\x00\x00\x00')], data: monoData }), 'WAV_CHUNK_INVALID', 'corrupt chunk header at byte 36');
  });

  it('refuses a file of thousands of empty chunks instead of walking them all', () => {
    const many = Array.from({ length: 1001 }, () => chunk('JUNK', Buffer.alloc(0)));

    expectRefused(handMadeWav({ before: many, data: monoData }), 'WAV_CHUNK_INVALID', 'more than 1000 chunks');
  });

  it('refuses more samples than the configured cap, before copying them', () => {
    const error = refusal(writeWav({ sampleRate: 8000, channels: 1 }, monoData), { maxDataBytes: 1000 });

    expect(error.code).toBe('WAV_TOO_LARGE');
    expect(error.message).toBe('The WAV file holds 1600 bytes of samples; at most 1000 are accepted.');
  });

  it.each([
    ['an MP3 file', Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00 some mp3 frames', 'latin1'), 'WAV_NOT_RIFF_WAVE'],
    ['a RIFF file that is not WAVE', handMadeWav({ wave: 'AVI ', data: monoData }), 'WAV_NOT_RIFF_WAVE'],
    ['a big-endian RIFX file', handMadeWav({ riff: 'RIFX', data: monoData }), 'WAV_FORMAT_UNSUPPORTED'],
    ['an RF64 file', handMadeWav({ riff: 'RF64', data: monoData }), 'WAV_FORMAT_UNSUPPORTED'],
  ] as const)('refuses %s', (_label, wav, code) => {
    expect(refusal(wav).code).toBe(code);
  });

  it('meets randomly corrupted headers with a result or a RecordingError, never a crash or a hang', () => {
    const original = handMadeWav({ channels: 2, between: [chunk('LIST', Buffer.alloc(7))], data: pcm(50, [noise(7), noise(8)]) });
    let state = 12345;
    const random = (below: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % below;
    };
    const started = performance.now();

    for (let round = 0; round < 3000; round++) {
      const corrupt = Buffer.from(original);
      for (let flips = 1 + random(4); flips > 0; flips--) corrupt[random(80)] = random(256);
      try {
        const recording = readWav(corrupt);
        expect(recording.data.length).toBe(recording.frames * recording.format.channels * 2);
      } catch (error) {
        expect(error).toBeInstanceOf(RecordingError);
      }
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

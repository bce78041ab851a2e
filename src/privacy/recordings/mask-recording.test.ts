import { describe, expect, it } from 'vitest';
import { TONE_AMPLITUDE } from './audio-fill.js';
import type { Detector } from './channel-text.js';
import { maskRecording, type MaskRecordingInput } from './mask-recording.js';
import { parseTranscript } from './parse-transcript.js';
import { RecordingError, type RecordingErrorCode } from './recording-error.js';
import {
  channelSamples,
  chunk,
  digitRunDetector,
  goertzelPower,
  handMadeWav,
  noise,
  pcm,
  sine,
  spokenWords,
  zeroCrossings,
} from './signals.test-helpers.js';
import type { Transcript } from './transcript.js';
import { writeWav } from './wav.js';

// The customer reads a card number aloud: "vier twee vier twee …" from word 3 to word 18.
const CARD_SENTENCE = 'mijn kaartnummer is vier twee vier twee vier twee vier twee vier twee vier twee vier twee vier twee dank u wel';
const FIRST_DIGIT = 3;
const LAST_DIGIT = 18;

/** Frames of [start − pad, end + pad), rounded outwards and clamped, computed independently of the code under test. */
function expectedFrames(startSeconds: number, endSeconds: number, sampleRate: number, frames: number, paddingMs = 150): [number, number] {
  const pad = paddingMs / 1000;
  return [Math.max(0, Math.floor((startSeconds - pad) * sampleRate)), Math.min(frames, Math.ceil((endSeconds + pad) * sampleRate))];
}

function inside(samples: Int16Array, [from, to]: [number, number]): Int16Array {
  return samples.subarray(from, to);
}

/** Every sample outside the spans is the original, exactly. */
function expectUnchangedOutside(masked: Int16Array, original: Int16Array, spans: ReadonlyArray<[number, number]>): void {
  expect(masked.length).toBe(original.length);
  let checked = 0;
  for (let frame = 0; frame < original.length; frame++) {
    if (spans.some(([from, to]) => frame >= from && frame < to)) continue;
    if (masked[frame] !== original[frame]) throw new Error(`sample ${frame} changed outside the masked spans`);
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
}

function refusal(input: MaskRecordingInput): RecordingError {
  try {
    maskRecording(input);
  } catch (error) {
    if (error instanceof RecordingError) return error;
    throw error;
  }
  throw new Error('maskRecording accepted the input');
}

function expectRefused(input: MaskRecordingInput, code: RecordingErrorCode, message: string): void {
  const error = refusal(input);
  expect(error.code).toBe(code);
  expect(error.message).toContain(message);
}

describe('masking a mono recording with silence', () => {
  const sampleRate = 8000;
  const frames = sampleRate * 10;
  const original = pcm(frames, [sine(440, sampleRate)]);
  const words = spokenWords(CARD_SENTENCE, 0.5);
  const transcript: Transcript = { channels: [{ channel: 0, words }] };
  const digitsStart = (words[FIRST_DIGIT] ?? { start: 0 }).start;
  const digitsEnd = (words[LAST_DIGIT] ?? { end: 0 }).end;

  it('zeroes every sample from 150 ms before the first card digit to 150 ms after the last', () => {
    const result = maskRecording({ wav: writeWav({ sampleRate, channels: 1 }, original), transcript, detect: digitRunDetector, fill: 'silence' });

    const masked = channelSamples(result.wav, 1, 0);
    const span = expectedFrames(digitsStart, digitsEnd, sampleRate, frames);
    expect(span).toEqual([1.55 * 8000, 8.15 * 8000]);
    expect(inside(masked, span).every((s) => s === 0)).toBe(true);
    expectUnchangedOutside(masked, channelSamples(writeWav({ sampleRate, channels: 1 }, original), 1, 0), [span]);
  });

  it('leaves every byte outside the span as it was, header included', () => {
    const input = writeWav({ sampleRate, channels: 1 }, original);

    const result = maskRecording({ wav: input, transcript, detect: digitRunDetector, fill: 'silence' });

    const [from, to] = expectedFrames(digitsStart, digitsEnd, sampleRate, frames).map((f) => 44 + f * 2) as [number, number];
    expect(result.wav.length).toBe(input.length);
    expect(result.wav.subarray(0, from).equals(input.subarray(0, from))).toBe(true);
    expect(result.wav.subarray(to).equals(input.subarray(to))).toBe(true);
    expect(result.wav.subarray(from, to).equals(Buffer.alloc(to - from))).toBe(true);
  });

  it('reports the span on sample boundaries with its type', () => {
    const result = maskRecording({ wav: writeWav({ sampleRate, channels: 1 }, original), transcript, detect: digitRunDetector, fill: 'silence' });

    expect(result.spans).toEqual([{ channel: 0, startMs: 1550, endMs: 8150, type: 'card' }]);
  });

  it('replaces the card digits in the transcript by one [CARD] word spanning them, keeping the other words and times', () => {
    const result = maskRecording({ wav: writeWav({ sampleRate, channels: 1 }, original), transcript, detect: digitRunDetector, fill: 'silence' });

    const maskedWords = result.transcript.channels[0]?.words ?? [];
    expect(maskedWords.map((w) => w.text).join(' ')).toBe('mijn kaartnummer is [CARD] dank u wel');
    expect(maskedWords[3]).toEqual({ text: '[CARD]', start: digitsStart, end: digitsEnd });
    expect(maskedWords[4]).toEqual(words[LAST_DIGIT + 1]);
    expect(JSON.stringify(result.transcript)).not.toMatch(/vier|twee/);
  });

  it.each([0, 300])('pads by a configured %i ms', (paddingMs) => {
    const result = maskRecording({ wav: writeWav({ sampleRate, channels: 1 }, original), transcript, detect: digitRunDetector, fill: 'silence', paddingMs });

    const masked = channelSamples(result.wav, 1, 0);
    const span = expectedFrames(digitsStart, digitsEnd, sampleRate, frames, paddingMs);
    expect(inside(masked, span).every((s) => s === 0)).toBe(true);
    expect(masked[span[0] - 1]).not.toBe(0);
    expectUnchangedOutside(masked, channelSamples(writeWav({ sampleRate, channels: 1 }, original), 1, 0), [span]);
  });

  it('clamps the padding at the start and the end of the recording', () => {
    const short = pcm(sampleRate * 2, [noise(11)]);
    const atEdges: Transcript = {
      channels: [{ channel: 0, words: [...spokenWords('een twee drie vier', 0.05, 0.1, 0.08), { text: 'ja', start: 1, end: 1.2 }, ...spokenWords('vijf zes zeven acht', 1.6, 0.1, 0.1)] }],
    };

    const result = maskRecording({ wav: writeWav({ sampleRate, channels: 1 }, short), transcript: atEdges, detect: digitRunDetector, fill: 'silence' });

    expect(result.spans).toEqual([
      { channel: 0, startMs: 0, endMs: (0.43 + 0.15) * 1000, type: 'card' },
      { channel: 0, startMs: 1450, endMs: 2000, type: 'card' },
    ]);
    const masked = channelSamples(result.wav, 1, 0);
    expect(masked.subarray(0, 0.58 * 8000).every((s) => s === 0)).toBe(true);
    expect(masked.subarray(1.45 * 8000).every((s) => s === 0)).toBe(true);
    expectUnchangedOutside(masked, channelSamples(writeWav({ sampleRate, channels: 1 }, short), 1, 0), [[0, 0.58 * 8000], [1.45 * 8000, 2 * 8000]]);
  });

  it('returns the samples unchanged when nothing sensitive was said', () => {
    const input = writeWav({ sampleRate, channels: 1 }, original);
    const plain: Transcript = { channels: [{ channel: 0, words: spokenWords('goedemiddag waarmee kan ik u helpen', 0.5) }] };

    const result = maskRecording({ wav: input, transcript: plain, detect: digitRunDetector, fill: 'tone' });

    expect(result.wav.equals(input)).toBe(true);
    expect(result.spans).toEqual([]);
    expect(result.transcript).toEqual(plain);
  });

  it('drops metadata chunks, which can hold personal data of their own', () => {
    const withInfo = handMadeWav({ sampleRate, between: [chunk('LIST', Buffer.from('INFOINAM\x0a\x00\x00\x00Jan Jansen', 'latin1'))], data: original });

    const result = maskRecording({ wav: withInfo, transcript, detect: digitRunDetector, fill: 'silence' });

    expect(result.wav.includes('Jan Jansen')).toBe(false);
    expect(result.wav.length).toBe(44 + original.length);
  });

  it('masks a whole word when the detector matches only part of it', () => {
    const partial: Detector = (text) => [{ start: text.indexOf('kaart') + 2, end: text.indexOf('kaart') + 4, type: 'card' }];

    const result = maskRecording({ wav: writeWav({ sampleRate, channels: 1 }, original), transcript, detect: partial, fill: 'silence', paddingMs: 0 });

    expect(result.spans).toEqual([{ channel: 0, startMs: (words[1]?.start ?? 0) * 1000, endMs: (words[1]?.end ?? 0) * 1000, type: 'card' }]);
    expect(result.transcript.channels[0]?.words[1]?.text).toBe('[CARD]');
  });
});

describe('masking with a 1 kHz tone', () => {
  const sampleRate = 16000;
  const frames = sampleRate * 10;
  const original = pcm(frames, [sine(440, sampleRate)]);
  const words = spokenWords(CARD_SENTENCE, 0.5);
  const transcript: Transcript = { channels: [{ channel: 0, words }] };

  it('fills the span with a 1 kHz tone: its zero crossings, its Goertzel power, its amplitude', () => {
    const result = maskRecording({ wav: writeWav({ sampleRate, channels: 1 }, original), transcript, detect: digitRunDetector, fill: 'tone' });

    const masked = channelSamples(result.wav, 1, 0);
    const span = expectedFrames(words[FIRST_DIGIT]?.start ?? 0, words[LAST_DIGIT]?.end ?? 0, sampleRate, frames);
    const tone = inside(masked, span);
    const seconds = tone.length / sampleRate;
    // A 1 kHz sine crosses zero 2000 times a second.
    expect(Math.abs(zeroCrossings(tone) - 2000 * seconds)).toBeLessThan(4);
    expect(goertzelPower(tone, sampleRate, 1000)).toBeGreaterThan(100 * goertzelPower(tone, sampleRate, 440));
    expect(Math.max(...tone.map(Math.abs))).toBeLessThanOrEqual(TONE_AMPLITUDE);
    expect(Math.max(...tone.map(Math.abs))).toBeGreaterThan(TONE_AMPLITUDE * 0.99);
    expectUnchangedOutside(masked, channelSamples(writeWav({ sampleRate, channels: 1 }, original), 1, 0), [span]);
  });

  it('keeps the tone phase-continuous across spans that overlap once padded', () => {
    // Two card numbers 0.2 s apart: their padded spans overlap, so one unbroken tone covers both.
    const twoCards: Transcript = {
      channels: [{ channel: 0, words: [...spokenWords('een twee drie vier', 1, 0.2, 0.15), { text: 'en', start: 1.8, end: 1.85 }, ...spokenWords('vijf zes zeven acht', 2.05, 0.2, 0.15)] }],
    };

    const result = maskRecording({ wav: writeWav({ sampleRate, channels: 1 }, original), transcript: twoCards, detect: digitRunDetector, fill: 'tone', paddingMs: 150 });

    expect(result.spans).toHaveLength(2);
    const from = (1 - 0.15) * sampleRate;
    const to = (2.05 + 0.6 + 0.15 + 0.15) * sampleRate;
    const masked = channelSamples(result.wav, 1, 0);
    for (let frame = from; frame < to; frame++) {
      const expected = Math.round(TONE_AMPLITUDE * Math.sin((2 * Math.PI * 1000 * (frame - from)) / sampleRate));
      if (masked[frame] !== expected) throw new Error(`tone broken at frame ${frame}`);
    }
  });
});

describe('masking a two-channel recording per channel', () => {
  const sampleRate = 48000;
  const frames = sampleRate * 10;
  const agent = sine(440, sampleRate);
  const customer = noise(21);
  const original = pcm(frames, [agent, customer]);
  const agentWords = spokenWords('wat is uw kaartnummer alstublieft', 0.2);
  const customerWords = spokenWords(CARD_SENTENCE, 1.0);
  const transcript: Transcript = {
    channels: [
      { channel: 0, words: agentWords },
      { channel: 1, words: customerWords },
    ],
  };

  it('blanks the customer channel only and leaves the agent channel untouched, sample for sample', () => {
    const input = writeWav({ sampleRate, channels: 2 }, original);

    const result = maskRecording({ wav: input, transcript, detect: digitRunDetector, fill: 'silence' });

    const span = expectedFrames(customerWords[FIRST_DIGIT]?.start ?? 0, customerWords[LAST_DIGIT]?.end ?? 0, sampleRate, frames);
    const maskedCustomer = channelSamples(result.wav, 2, 1);
    expect(inside(maskedCustomer, span).every((s) => s === 0)).toBe(true);
    expectUnchangedOutside(maskedCustomer, channelSamples(input, 2, 1), [span]);
    expect(channelSamples(result.wav, 2, 0)).toEqual(channelSamples(input, 2, 0));
    expect(result.spans).toEqual([{ channel: 1, startMs: 2050, endMs: 8650, type: 'card' }]);
  });

  it('masks each channel at its own times when both parties say sensitive numbers', () => {
    const both: Transcript = {
      channels: [
        { channel: 0, words: spokenWords('ik lees terug: vier twee vier twee klopt dat', 0.5) },
        { channel: 1, words: spokenWords('ja vijf zes zeven acht', 5.0) },
      ],
    };
    const input = writeWav({ sampleRate, channels: 2 }, original);

    const result = maskRecording({ wav: input, transcript: both, detect: digitRunDetector, fill: 'tone' });

    expect(result.spans).toEqual([
      { channel: 0, startMs: 1550, endMs: 3350, type: 'card' },
      { channel: 1, startMs: 5250, endMs: 7050, type: 'card' },
    ]);
    const left = channelSamples(result.wav, 2, 0);
    const right = channelSamples(result.wav, 2, 1);
    const leftSpan: [number, number] = [1.55 * sampleRate, 3.35 * sampleRate];
    const rightSpan: [number, number] = [5.25 * sampleRate, 7.05 * sampleRate];
    expect(goertzelPower(inside(left, leftSpan), sampleRate, 1000)).toBeGreaterThan(100 * goertzelPower(inside(left, leftSpan), sampleRate, 440));
    expect(Math.abs(zeroCrossings(inside(right, rightSpan)) - 2000 * 1.8)).toBeLessThan(4);
    expectUnchangedOutside(left, channelSamples(input, 2, 0), [leftSpan]);
    expectUnchangedOutside(right, channelSamples(input, 2, 1), [rightSpan]);
  });

  it('masks from an Amazon Transcribe result with channel identification', () => {
    const item = (content: string, start: number, end: number): unknown => ({
      start_time: start.toFixed(3),
      end_time: end.toFixed(3),
      alternatives: [{ confidence: '0.98', content }],
      type: 'pronunciation',
    });
    const amazon = {
      results: {
        transcripts: [{ transcript: 'mixed' }],
        channel_labels: {
          channels: [
            { channel_label: 'ch_0', items: agentWords.map((w) => item(w.text, w.start, w.end)) },
            { channel_label: 'ch_1', items: [...customerWords.map((w) => item(w.text, w.start, w.end)), { alternatives: [{ content: '.' }], type: 'punctuation' }] },
          ],
          number_of_channels: 2,
        },
        items: [],
      },
    };
    const input = writeWav({ sampleRate, channels: 2 }, original);

    const result = maskRecording({ wav: input, transcript: parseTranscript(JSON.stringify(amazon)).transcript, detect: digitRunDetector, fill: 'silence' });

    expect(result.spans).toEqual([{ channel: 1, startMs: 2050, endMs: 8650, type: 'card' }]);
    expect(result.transcript.channels[1]?.words.map((w) => w.text).join(' ')).toBe('mijn kaartnummer is [CARD] dank u wel.');
    expect(channelSamples(result.wav, 2, 0)).toEqual(channelSamples(input, 2, 0));
  });
});

describe('masking a long call', () => {
  it('masks 100,000 words with 5,000 card numbers in one pass, every span filled', () => {
    // 1,000 s at 8 kHz (16 MB of samples); words every 10 ms, a four-digit run in every 20 words.
    const sampleRate = 8000;
    const words = Array.from({ length: 100_000 }, (_, i) => ({ text: i % 20 < 4 ? 'vier' : 'ja', start: i / 100, end: i / 100 + 0.008 }));
    const wav = writeWav({ sampleRate, channels: 1 }, pcm(sampleRate * 1000, [sine(440, sampleRate)]));
    const started = performance.now();

    const result = maskRecording({ wav, transcript: { channels: [{ channel: 0, words }] }, detect: digitRunDetector, fill: 'silence', paddingMs: 0 });

    expect(result.spans).toHaveLength(5000);
    expect(result.transcript.channels[0]?.words).toHaveLength(100_000 - 5000 * 3);
    const masked = channelSamples(result.wav, 1, 0);
    for (const span of result.spans) {
      const from = (span.startMs * sampleRate) / 1000;
      const to = (span.endMs * sampleRate) / 1000;
      if (!masked.subarray(from, to).every((s) => s === 0)) throw new Error(`span at ${span.startMs} ms not silenced`);
    }
    // Generous: a quadratic word-to-detection mapping would take minutes here.
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

describe('refusing input it cannot mask exactly', () => {
  const sampleRate = 8000;
  const mono = writeWav({ sampleRate, channels: 1 }, pcm(sampleRate * 3, [noise(31)]));
  const stereo = writeWav({ sampleRate, channels: 2 }, pcm(sampleRate * 3, [noise(32), noise(33)]));
  const fine: Transcript = { channels: [{ channel: 0, words: spokenWords('een twee drie vier', 0.5) }] };

  it('refuses a transcript whose words end after the recording does', () => {
    const late: Transcript = { channels: [{ channel: 0, words: spokenWords('een twee drie vier', 5) }] };

    expectRefused({ wav: mono, transcript: late, detect: digitRunDetector, fill: 'tone' }, 'TRANSCRIPT_TIMES_INVALID', 'ending at 6.5 s, after the recording ends (3 s)');
  });

  it('accepts a last word ending a rounding error past the end, and clamps its span', () => {
    const edge: Transcript = { channels: [{ channel: 0, words: spokenWords('een twee drie vier', 1.83, 0.3, 0.2) }] };

    const result = maskRecording({ wav: mono, transcript: edge, detect: digitRunDetector, fill: 'silence' });

    expect(result.spans).toEqual([{ channel: 0, startMs: 1680, endMs: 3000, type: 'card' }]);
  });

  it('refuses NaN times passed in as an object, not only as JSON', () => {
    const nan: Transcript = { channels: [{ channel: 0, words: [{ text: 'vier', start: Number.NaN, end: 1 }] }] };

    expectRefused({ wav: mono, transcript: nan, detect: digitRunDetector, fill: 'tone' }, 'TRANSCRIPT_TIMES_INVALID', 'not a finite number');
  });

  it('refuses words for channel 1 of a mono recording', () => {
    expectRefused({ wav: mono, transcript: { channels: [{ channel: 1, words: [] }] }, detect: digitRunDetector, fill: 'tone' }, 'TRANSCRIPT_CHANNEL_INVALID', 'the recording is mono');
  });

  it('refuses a single mixed word list for a two-channel recording, which would leave one channel audible', () => {
    expectRefused({ wav: stereo, transcript: fine, detect: digitRunDetector, fill: 'tone' }, 'TRANSCRIPT_CHANNEL_INVALID', 'transcribe with channel identification');
  });

  it('refuses a detection outside the text instead of skipping it', () => {
    const broken: Detector = (text) => [{ start: 0, end: text.length + 5, type: 'card' }];

    expectRefused({ wav: mono, transcript: fine, detect: broken, fill: 'tone' }, 'DETECTION_INVALID', 'outside the');
  });

  it('refuses a detection without a type', () => {
    const untyped: Detector = () => [{ start: 0, end: 3, type: '' }];

    expectRefused({ wav: mono, transcript: fine, detect: untyped, fill: 'tone' }, 'DETECTION_INVALID', 'without a type');
  });

  it.each([-1, Number.NaN, 5001])('refuses a padding of %d ms', (paddingMs) => {
    expectRefused({ wav: mono, transcript: fine, detect: digitRunDetector, fill: 'tone', paddingMs }, 'OPTIONS_INVALID', 'paddingMs');
  });

  it('refuses an unknown fill rather than leaving the audio as it is', () => {
    expectRefused({ wav: mono, transcript: fine, detect: digitRunDetector, fill: 'beep' as 'tone' }, 'OPTIONS_INVALID', 'fill must be');
  });

  it('refuses a WAV whose data chunk claims more bytes than the file has', () => {
    const lying = handMadeWav({ sampleRate, data: pcm(8000, [noise(34)]), dataSize: 1_000_000 });

    expectRefused({ wav: lying, transcript: fine, detect: digitRunDetector, fill: 'tone' }, 'WAV_DATA_SIZE_INVALID', 'claims 1000000 bytes');
  });

  it('refuses 24-bit, 3-channel, 96 kHz and float recordings', () => {
    const data = Buffer.alloc(6 * 8000);
    for (const [spec, message] of [
      [{ bitsPerSample: 24 }, '24-bit'],
      [{ channels: 3 }, '3 channels'],
      [{ sampleRate: 96000 }, '96000 Hz'],
      [{ formatTag: 3, bitsPerSample: 32 }, 'IEEE float'],
    ] as const) {
      expectRefused({ wav: handMadeWav({ ...spec, data }), transcript: fine, detect: digitRunDetector, fill: 'tone' }, 'WAV_FORMAT_UNSUPPORTED', message);
    }
  });
});

import type { DetectedSpan } from './channel-text.js';
import type { TranscriptWord } from './transcript.js';

/** Test signals and WAV files built by hand, so the reader is tested against bytes we control. */

export type SampleAt = (frame: number, channel: number) => number;

export function sine(hz: number, sampleRate: number, amplitude = 10_000): SampleAt {
  return (frame) => Math.round(amplitude * Math.sin((2 * Math.PI * hz * frame) / sampleRate));
}

/** Deterministic white noise (a 32-bit LCG), different per channel. */
export function noise(seed: number, amplitude = 12_000): SampleAt {
  return (frame, channel) => {
    let x = (Math.imul(frame + 1, 0x9e3779b1) ^ Math.imul(channel + seed, 0x85ebca6b)) >>> 0;
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0;
    return Math.round(((x / 0xffffffff) * 2 - 1) * amplitude);
  };
}

/** Interleaved 16-bit LE samples: `perChannel[c]` gives channel c's samples. */
export function pcm(frames: number, perChannel: readonly SampleAt[]): Buffer {
  const channels = perChannel.length;
  const data = Buffer.alloc(frames * channels * 2);
  for (let frame = 0; frame < frames; frame++) {
    for (const [channel, at] of perChannel.entries()) data.writeInt16LE(at(frame, channel), (frame * channels + channel) * 2);
  }
  return data;
}

export interface HandMadeWav {
  readonly riff?: string;
  readonly wave?: string;
  readonly riffSize?: number;
  readonly formatTag?: number;
  readonly channels?: number;
  readonly sampleRate?: number;
  readonly bitsPerSample?: number;
  readonly blockAlign?: number;
  readonly byteRate?: number;
  /** WAVE_FORMAT_EXTENSIBLE with this 16-byte subformat GUID (hex). */
  readonly extensibleSubformat?: string;
  readonly validBits?: number;
  /** Raw chunks before fmt, between fmt and data, after data. */
  readonly before?: readonly Buffer[];
  readonly between?: readonly Buffer[];
  readonly after?: readonly Buffer[];
  readonly data: Buffer;
  /** The size written in the data chunk header, when it should lie. */
  readonly dataSize?: number;
  readonly omitFormat?: boolean;
  readonly omitData?: boolean;
}

export const PCM_GUID = '0100000000001000800000aa00389b71';
export const FLOAT_GUID = '0300000000001000800000aa00389b71';

export function chunk(id: string, body: Buffer, sizeField = body.length): Buffer {
  const header = Buffer.alloc(8);
  header.write(id, 0, 'latin1');
  header.writeUInt32LE(sizeField, 4);
  const pad = body.length % 2 === 1 ? Buffer.alloc(1) : Buffer.alloc(0);
  return Buffer.concat([header, body, pad]);
}

export function formatBody(spec: HandMadeWav): Buffer {
  const channels = spec.channels ?? 1;
  const sampleRate = spec.sampleRate ?? 8000;
  const bits = spec.bitsPerSample ?? 16;
  const blockAlign = spec.blockAlign ?? channels * (bits / 8);
  const extensible = spec.extensibleSubformat !== undefined;
  const body = Buffer.alloc(extensible ? 40 : 16);
  body.writeUInt16LE(spec.formatTag ?? (extensible ? 0xfffe : 1), 0);
  body.writeUInt16LE(channels, 2);
  body.writeUInt32LE(sampleRate, 4);
  body.writeUInt32LE(spec.byteRate ?? sampleRate * blockAlign, 8);
  body.writeUInt16LE(blockAlign, 12);
  body.writeUInt16LE(bits, 14);
  if (extensible) {
    body.writeUInt16LE(22, 16);
    body.writeUInt16LE(spec.validBits ?? bits, 18);
    body.writeUInt32LE(channels === 2 ? 3 : 4, 20);
    Buffer.from(spec.extensibleSubformat ?? PCM_GUID, 'hex').copy(body, 24);
  }
  return body;
}

export function handMadeWav(spec: HandMadeWav): Buffer {
  const parts = [
    ...(spec.before ?? []),
    ...(spec.omitFormat === true ? [] : [chunk('fmt ', formatBody(spec))]),
    ...(spec.between ?? []),
    ...(spec.omitData === true ? [] : [chunk('data', spec.data, spec.dataSize ?? spec.data.length)]),
    ...(spec.after ?? []),
  ];
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(12);
  header.write(spec.riff ?? 'RIFF', 0, 'latin1');
  header.writeUInt32LE(spec.riffSize ?? body.length + 4, 4);
  header.write(spec.wave ?? 'WAVE', 8, 'latin1');
  return Buffer.concat([header, body]);
}

/** One channel's samples from canonical WAV output (44-byte header). */
export function channelSamples(wav: Buffer, channels: number, channel: number): Int16Array {
  const frames = (wav.length - 44) / (channels * 2);
  const out = new Int16Array(frames);
  for (let frame = 0; frame < frames; frame++) out[frame] = wav.readInt16LE(44 + (frame * channels + channel) * 2);
  return out;
}

/** Relative power of one frequency in a block of samples (the Goertzel algorithm). */
export function goertzelPower(samples: ArrayLike<number>, sampleRate: number, hz: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  for (let i = 0; i < samples.length; i++) {
    const current = (samples[i] ?? 0) + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return (previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious) / (samples.length * samples.length);
}

export function zeroCrossings(samples: ArrayLike<number>): number {
  let count = 0;
  for (let i = 1; i < samples.length; i++) {
    if (((samples[i - 1] ?? 0) < 0) !== ((samples[i] ?? 0) < 0)) count++;
  }
  return count;
}

const DIGIT_WORD = /^(?:nul|een|twee|drie|vier|vijf|zes|zeven|acht|negen|zero|one|two|three|four|five|six|seven|eight|nine|\d+)[.,]?$/i;

/**
 * A test detector, not the privacy engine: four or more digit words in a row (spoken Dutch or
 * English digits, or written numbers) are a "card".
 */
export function digitRunDetector(text: string): DetectedSpan[] {
  const found: DetectedSpan[] = [];
  let run: { start: number; end: number; count: number } | undefined;
  for (const match of text.matchAll(/\S+/g)) {
    const start = match.index;
    const end = start + match[0].length;
    if (DIGIT_WORD.test(match[0])) {
      run = run === undefined ? { start, end, count: 1 } : { start: run.start, end, count: run.count + 1 };
      continue;
    }
    if (run !== undefined && run.count >= 4) found.push({ start: run.start, end: run.end, type: 'card' });
    run = undefined;
  }
  if (run !== undefined && run.count >= 4) found.push({ start: run.start, end: run.end, type: 'card' });
  return found;
}

/** Words spoken one after another: word i from `from + i * step` for `length` seconds. */
export function spokenWords(text: string, from: number, step = 0.4, length = 0.3): TranscriptWord[] {
  return text.split(' ').map((word, i) => ({ text: word, start: round(from + i * step), end: round(from + i * step + length) }));
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

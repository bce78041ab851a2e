import { RecordingError } from './recording-error.js';

/**
 * A strict reader and writer for the one WAV shape call recordings come in: RIFF/WAVE holding
 * 16-bit little-endian PCM, mono or two-channel, 8–48 kHz. Everything else is refused with a
 * RecordingError naming what was found, because a recording we cannot read exactly is a
 * recording we cannot mask exactly.
 *
 * What the reader tolerates, on purpose:
 *  - chunks it does not know (LIST, fact, cue, bext, …) are skipped, odd sizes with their pad byte;
 *  - the RIFF size is not trusted or needed (streaming writers leave it wrong); chunks are walked
 *    within the bytes actually present;
 *  - a data size of 0xFFFFFFFF is the streaming placeholder ("until the end"): it is clamped to
 *    the whole frames present, dropping a trailing partial frame.
 * What it refuses: any other data size that is larger than the bytes present (a truncated file),
 * or not a whole number of frames; a chunk other than data that runs past the end; fmt missing,
 * repeated, or after data; no samples at all; more than `maxDataBytes` of samples.
 *
 * The writer always writes the canonical 44-byte header (fmt as plain PCM, then data). Metadata
 * chunks are not copied: a LIST/INFO chunk can itself hold personal data (a caller's name).
 */

export interface PcmFormat {
  readonly sampleRate: number;
  readonly channels: 1 | 2;
}

export interface PcmRecording {
  readonly format: PcmFormat;
  /** Interleaved 16-bit little-endian samples: a view into the input, not a copy. */
  readonly data: Buffer;
  /** Sample frames (one sample per channel each). */
  readonly frames: number;
}

export interface ReadWavOptions {
  /** The most sample bytes accepted; default 1 GiB (≈ 93 minutes of 48 kHz stereo, 18 hours of 8 kHz mono). */
  readonly maxDataBytes?: number;
}

export const BYTES_PER_SAMPLE = 2;
export const MIN_SAMPLE_RATE = 8000;
export const MAX_SAMPLE_RATE = 48000;
const DEFAULT_MAX_DATA_BYTES = 1024 * 1024 * 1024;
/** Chunks before the data chunk; real files have a handful, so thousands means garbage. */
const MAX_CHUNKS = 1000;
const STREAMING_PLACEHOLDER = 0xffffffff;
const RIFF_HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;
const CANONICAL_HEADER_BYTES = 44;
const FORMAT_PCM = 0x0001;
const FORMAT_EXTENSIBLE = 0xfffe;
/** KSDATAFORMAT_SUBTYPE_PCM, 00000001-0000-0010-8000-00AA00389B71, as stored in the file. */
const PCM_SUBFORMAT_GUID = Buffer.from('0100000000001000800000aa00389b71', 'hex');

const KNOWN_FORMAT_TAGS: ReadonlyMap<number, string> = new Map([
  [0x0002, 'Microsoft ADPCM'],
  [0x0003, 'IEEE float'],
  [0x0006, 'A-law'],
  [0x0007, 'µ-law'],
  [0x0011, 'IMA ADPCM'],
  [0x0031, 'GSM 6.10'],
  [0x0055, 'MP3'],
]);

export function readWav(wav: Buffer, options: ReadWavOptions = {}): PcmRecording {
  const maxDataBytes = options.maxDataBytes ?? DEFAULT_MAX_DATA_BYTES;
  assertRiffWave(wav);
  let format: PcmFormat | undefined;
  let offset = RIFF_HEADER_BYTES;
  for (let chunkCount = 0; ; chunkCount++) {
    // Guard: thousands of tiny chunks are not a recording, and each costs a loop turn.
    if (chunkCount >= MAX_CHUNKS) throw new RecordingError('WAV_CHUNK_INVALID', `The WAV file has more than ${MAX_CHUNKS} chunks before its data.`);
    const chunk = readChunkHeader(wav, offset, format);
    if (chunk.id === 'data') {
      // Guard: samples mean nothing without the fmt chunk that describes them, which must come first.
      if (format === undefined) throw new RecordingError('WAV_FORMAT_MISSING', 'The WAV file has a data chunk before (or without) a fmt chunk.');
      return dataChunk(wav, chunk.bodyStart, chunk.size, format, maxDataBytes);
    }
    // Guard: a chunk that runs past the end means the file was cut short.
    if (chunk.size > wav.length - chunk.bodyStart) {
      throw new RecordingError(
        'WAV_TRUNCATED',
        `The WAV file's "${chunk.id}" chunk claims ${chunk.size} bytes but only ${wav.length - chunk.bodyStart} follow: the file is truncated.`,
      );
    }
    if (chunk.id === 'fmt ') {
      // Guard: two fmt chunks would leave it open which one describes the samples.
      if (format !== undefined) throw new RecordingError('WAV_CHUNK_INVALID', 'The WAV file has more than one fmt chunk.');
      format = parseFormat(wav.subarray(chunk.bodyStart, chunk.bodyStart + chunk.size));
    }
    // Chunks are word-aligned: an odd-sized chunk is followed by one pad byte.
    offset = chunk.bodyStart + chunk.size + (chunk.size & 1);
  }
}

function assertRiffWave(wav: Buffer): void {
  // Guard: not even the 12-byte RIFF header.
  if (wav.length < RIFF_HEADER_BYTES) throw new RecordingError('WAV_TRUNCATED', `The file is ${wav.length} bytes: too short to be a WAV file.`);
  const riff = wav.toString('latin1', 0, 4);
  // Guard: big-endian RIFX and 64-bit RF64 are real formats, but not ones call platforms send.
  if (riff === 'RIFX' || riff === 'RF64') throw new RecordingError('WAV_FORMAT_UNSUPPORTED', `${riff} files are not supported; send a RIFF (little-endian) WAV file.`);
  // Guard: anything else is not a WAV file at all (an MP3, an Ogg file, text).
  if (riff !== 'RIFF' || wav.toString('latin1', 8, 12) !== 'WAVE') throw new RecordingError('WAV_NOT_RIFF_WAVE', 'The file is not a RIFF/WAVE file.');
}

interface ChunkHeader {
  readonly id: string;
  readonly size: number;
  readonly bodyStart: number;
}

function readChunkHeader(wav: Buffer, offset: number, format: PcmFormat | undefined): ChunkHeader {
  // Guard: the chunks ended before a data chunk came.
  if (offset + CHUNK_HEADER_BYTES > wav.length) {
    if (format === undefined) throw new RecordingError('WAV_TRUNCATED', 'The WAV file ends before its fmt and data chunks.');
    throw new RecordingError('WAV_DATA_MISSING', 'The WAV file ends without a data chunk.');
  }
  const id = wav.toString('latin1', offset, offset + 4);
  // Guard: chunk ids are four printable ASCII characters; anything else is a misaligned or corrupt file.
  if (!/^[\x20-\x7e]{4}$/.test(id)) throw new RecordingError('WAV_CHUNK_INVALID', `The WAV file has a corrupt chunk header at byte ${offset}.`);
  return { id, size: wav.readUInt32LE(offset + 4), bodyStart: offset + CHUNK_HEADER_BYTES };
}

function parseFormat(fmt: Buffer): PcmFormat {
  // Guard: the PCM fields need 16 bytes.
  if (fmt.length < 16) throw new RecordingError('WAV_CHUNK_INVALID', `The WAV file's fmt chunk is ${fmt.length} bytes; it needs at least 16.`);
  const formatTag = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const byteRate = fmt.readUInt32LE(8);
  const blockAlign = fmt.readUInt16LE(12);
  const bitsPerSample = fmt.readUInt16LE(14);
  if (formatTag === FORMAT_EXTENSIBLE) assertPcmSubformat(fmt);
  // Guard: compressed or float samples would be blanked at the wrong places (or corrupted).
  else if (formatTag !== FORMAT_PCM) throw new RecordingError('WAV_FORMAT_UNSUPPORTED', `The WAV file holds ${describeFormatTag(formatTag)} audio; only 16-bit PCM is supported.`);
  // Guard: 8-, 24- and 32-bit samples have another size; 16-bit is what telephony recorders write.
  if (bitsPerSample !== 16) throw new RecordingError('WAV_FORMAT_UNSUPPORTED', `The WAV file has ${bitsPerSample}-bit samples; only 16-bit PCM is supported.`);
  // Guard: a call has one mixed channel or one per party; more channels is not a call recording.
  if (channels !== 1 && channels !== 2) throw new RecordingError('WAV_FORMAT_UNSUPPORTED', `The WAV file has ${channels} channels; only mono and two-channel recordings are supported.`);
  // Guard: outside the telephony-to-studio range a rate is either exotic or a corrupt header.
  if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
    throw new RecordingError('WAV_FORMAT_UNSUPPORTED', `The WAV file's sample rate is ${sampleRate} Hz; supported rates are ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz.`);
  }
  // Guard: a header whose derived fields disagree was written wrong or altered; trust none of it.
  if (blockAlign !== channels * BYTES_PER_SAMPLE || byteRate !== sampleRate * blockAlign) {
    throw new RecordingError('WAV_CHUNK_INVALID', "The WAV file's fmt chunk is inconsistent: block align or byte rate does not match its channels and sample rate.");
  }
  return { sampleRate, channels };
}

function assertPcmSubformat(fmt: Buffer): void {
  // Guard: WAVE_FORMAT_EXTENSIBLE carries 22 more bytes (after a 2-byte size) naming the real format.
  if (fmt.length < 40 || fmt.readUInt16LE(16) < 22) throw new RecordingError('WAV_CHUNK_INVALID', "The WAV file's extensible fmt chunk is too short.");
  // Guard: the extensible wrapper can hold float or compressed audio too; only PCM is ours.
  if (!fmt.subarray(24, 40).equals(PCM_SUBFORMAT_GUID)) throw new RecordingError('WAV_FORMAT_UNSUPPORTED', 'The WAV file is WAVE_FORMAT_EXTENSIBLE with a non-PCM subformat; only 16-bit PCM is supported.');
  const validBits = fmt.readUInt16LE(18);
  // Guard: 16-bit containers holding fewer valid bits are a different sample encoding.
  if (validBits !== 16) throw new RecordingError('WAV_FORMAT_UNSUPPORTED', `The WAV file has ${validBits} valid bits per sample; only 16-bit PCM is supported.`);
}

function describeFormatTag(tag: number): string {
  const name = KNOWN_FORMAT_TAGS.get(tag);
  const hex = `0x${tag.toString(16).padStart(4, '0')}`;
  return name === undefined ? `format ${hex}` : `${name} (format ${hex})`;
}

function dataChunk(wav: Buffer, bodyStart: number, claimed: number, format: PcmFormat, maxDataBytes: number): PcmRecording {
  const blockAlign = format.channels * BYTES_PER_SAMPLE;
  const available = wav.length - bodyStart;
  const size = claimed === STREAMING_PLACEHOLDER ? available - (available % blockAlign) : claimed;
  // Guard: a size larger than the file is a truncated upload; masking a part would pass off a cut recording as whole.
  if (size > available) {
    throw new RecordingError('WAV_DATA_SIZE_INVALID', `The WAV file's data chunk claims ${claimed} bytes but only ${available} follow: the file is truncated or its header lies.`);
  }
  // Guard: half a frame means the channels are misaligned somewhere.
  if (size % blockAlign !== 0) {
    throw new RecordingError('WAV_DATA_SIZE_INVALID', `The WAV file's data chunk is ${size} bytes, not a whole number of ${blockAlign}-byte frames.`);
  }
  // Guard: nothing to mask, and almost certainly a failed recording.
  if (size === 0) throw new RecordingError('WAV_DATA_MISSING', 'The WAV file has no samples.');
  // Guard: the output is a second copy in memory; refuse before allocating it.
  if (size > maxDataBytes) throw new RecordingError('WAV_TOO_LARGE', `The WAV file holds ${size} bytes of samples; at most ${maxDataBytes} are accepted.`);
  return { format, data: wav.subarray(bodyStart, bodyStart + size), frames: size / blockAlign };
}

/** A canonical WAV file (44-byte header, plain PCM fmt) holding a copy of `data`. */
export function writeWav(format: PcmFormat, data: Buffer): Buffer {
  const blockAlign = format.channels * BYTES_PER_SAMPLE;
  // Guard: the writer must never produce a file its own reader refuses.
  if (data.length % blockAlign !== 0) throw new RecordingError('WAV_DATA_SIZE_INVALID', `Cannot write ${data.length} bytes as ${blockAlign}-byte frames.`);
  // Guard: the RIFF size field is 32 bits.
  if (data.length > STREAMING_PLACEHOLDER - CANONICAL_HEADER_BYTES) throw new RecordingError('WAV_TOO_LARGE', 'The samples do not fit in a RIFF file.');
  const wav = Buffer.allocUnsafe(CANONICAL_HEADER_BYTES + data.length);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(CANONICAL_HEADER_BYTES - 8 + data.length, 4);
  wav.write('WAVE', 8, 'latin1');
  wav.write('fmt ', 12, 'latin1');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(FORMAT_PCM, 20);
  wav.writeUInt16LE(format.channels, 22);
  wav.writeUInt32LE(format.sampleRate, 24);
  wav.writeUInt32LE(format.sampleRate * blockAlign, 28);
  wav.writeUInt16LE(blockAlign, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(data.length, 40);
  data.copy(wav, CANONICAL_HEADER_BYTES);
  return wav;
}

/** Where the samples start in a file made by writeWav. */
export const WAV_DATA_OFFSET = CANONICAL_HEADER_BYTES;

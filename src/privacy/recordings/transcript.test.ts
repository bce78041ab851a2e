import { describe, expect, it } from 'vitest';
import { parseAmazonTranscribe } from './amazon-transcribe.js';
import { parseNativeTranscript } from './native-transcript.js';
import { parseTranscript } from './parse-transcript.js';
import { RecordingError, type RecordingErrorCode } from './recording-error.js';
import { TRANSCRIPT_LIMITS } from './transcript.js';

function refusal(parse: () => unknown): RecordingError {
  try {
    parse();
  } catch (error) {
    if (error instanceof RecordingError) return error;
    throw error;
  }
  throw new Error('the transcript was accepted');
}

function expectRefused(parse: () => unknown, code: RecordingErrorCode, message: string): void {
  const error = refusal(parse);
  expect(error.code).toBe(code);
  expect(error.message).toContain(message);
}

function word(content: string, start: string, end: string): Record<string, unknown> {
  return { start_time: start, end_time: end, alternatives: [{ confidence: '0.99', content }], type: 'pronunciation' };
}

function punctuation(content: string): Record<string, unknown> {
  return { alternatives: [{ confidence: '0.0', content }], type: 'punctuation' };
}

/** The shape of a real Amazon Transcribe batch result (trimmed), without channel identification. */
function amazonMono(items: unknown[]): Record<string, unknown> {
  return {
    jobName: 'call-2024-11-05-0913',
    accountId: '123456789012',
    results: { transcripts: [{ transcript: 'Mijn nummer is vier twee.' }], items },
    status: 'COMPLETED',
  };
}

function amazonStereo(ch0: unknown[], ch1: unknown[]): Record<string, unknown> {
  return {
    jobName: 'call',
    results: {
      transcripts: [{ transcript: '…' }],
      channel_labels: {
        channels: [
          { channel_label: 'ch_0', items: ch0 },
          { channel_label: 'ch_1', items: ch1 },
        ],
        number_of_channels: 2,
      },
      items: [...ch0, ...ch1],
    },
    status: 'COMPLETED',
  };
}

describe('parsing Amazon Transcribe JSON', () => {
  it('reads the words of results.items with their times as channel 0, punctuation attached to the word before', () => {
    const transcript = parseAmazonTranscribe(
      amazonMono([word('Mijn', '0.04', '0.31'), word('nummer', '0.31', '0.72'), punctuation(','), word('vier', '1.5', '1.81'), punctuation('.')]),
    );

    expect(transcript).toEqual({
      channels: [
        {
          channel: 0,
          words: [
            { text: 'Mijn', start: 0.04, end: 0.31 },
            { text: 'nummer,', start: 0.31, end: 0.72 },
            { text: 'vier.', start: 1.5, end: 1.81 },
          ],
        },
      ],
    });
  });

  it('reads channel_labels as one word list per channel, not the mixed results.items', () => {
    const transcript = parseAmazonTranscribe(amazonStereo([word('Goedemorgen', '0.1', '0.6')], [word('Hallo', '0.9', '1.2'), word('daar', '1.2', '1.5')]));

    expect(transcript.channels.map((c) => [c.channel, c.words.map((w) => w.text)])).toEqual([
      [0, ['Goedemorgen']],
      [1, ['Hallo', 'daar']],
    ]);
  });

  it('drops punctuation that has no word before it', () => {
    expect(parseAmazonTranscribe(amazonMono([punctuation('¿'), word('ja', '0', '0.2')])).channels[0]?.words).toEqual([{ text: 'ja', start: 0, end: 0.2 }]);
  });

  it('accepts times written as numbers by tools that re-serialise the JSON', () => {
    const item = { ...word('ja', '0', '0'), start_time: 1.25, end_time: 1.5 };

    expect(parseAmazonTranscribe(amazonMono([item])).channels[0]?.words).toEqual([{ text: 'ja', start: 1.25, end: 1.5 }]);
  });

  it.each(['NaN', 'Infinity', '1e309', '-0.5', '', ' 1.0', '0x10', '1.2.3'])('refuses the start_time %j', (time) => {
    expectRefused(() => parseAmazonTranscribe(amazonMono([word('vier', time, '2.0')])), 'TRANSCRIPT_TIMES_INVALID', 'channel 0, item 1 start_time');
  });

  it('refuses a pronunciation without times', () => {
    const item = { alternatives: [{ content: 'vier' }], type: 'pronunciation' };

    expectRefused(() => parseAmazonTranscribe(amazonMono([item])), 'TRANSCRIPT_TIMES_INVALID', 'channel 0, item 1 start_time is missing');
  });

  it('refuses a word that ends before it starts', () => {
    expectRefused(() => parseAmazonTranscribe(amazonMono([word('vier', '2.0', '1.0')])), 'TRANSCRIPT_TIMES_INVALID', 'ends (1 s) before it starts (2 s)');
  });

  it('refuses an item of an unknown type', () => {
    expectRefused(() => parseAmazonTranscribe(amazonMono([{ ...word('x', '0', '1'), type: 'speaker_change' }])), 'TRANSCRIPT_INVALID', 'has a type other than "pronunciation" or "punctuation"');
  });

  it('refuses an item without alternatives[0].content', () => {
    expectRefused(() => parseAmazonTranscribe(amazonMono([{ start_time: '0', end_time: '1', alternatives: [], type: 'pronunciation' }])), 'TRANSCRIPT_INVALID', 'no alternatives[0].content');
  });

  it('refuses JSON without results, or results without items', () => {
    expectRefused(() => parseAmazonTranscribe({ status: 'FAILED' }), 'TRANSCRIPT_INVALID', 'no "results" object');
    expectRefused(() => parseAmazonTranscribe({ results: {} }), 'TRANSCRIPT_INVALID', 'no "items" list for channel 0');
  });

  it('refuses a channel label other than ch_0 or ch_1', () => {
    const json = amazonStereo([], []);
    const results = json['results'] as { channel_labels: { channels: Array<Record<string, unknown>> } };
    (results.channel_labels.channels[1] as Record<string, unknown>)['channel_label'] = 'ch_2';

    expectRefused(() => parseAmazonTranscribe(json), 'TRANSCRIPT_CHANNEL_INVALID', 'channel_label other than ch_0 or ch_1');
  });

  it('refuses the same channel label twice', () => {
    const json = amazonStereo([], []);
    const results = json['results'] as { channel_labels: { channels: Array<Record<string, unknown>> } };
    (results.channel_labels.channels[1] as Record<string, unknown>)['channel_label'] = 'ch_0';

    expectRefused(() => parseAmazonTranscribe(json), 'TRANSCRIPT_CHANNEL_INVALID', 'lists channel 0 twice');
  });

  it('refuses a malformed channel_labels instead of falling back to the mixed items', () => {
    expectRefused(() => parseAmazonTranscribe({ results: { items: [], channel_labels: { number_of_channels: 2 } } }), 'TRANSCRIPT_INVALID', 'without a "channels" list');
  });

  it('never quotes a word in its error messages', () => {
    const error = refusal(() => parseAmazonTranscribe(amazonMono([word('4242424242424242', '3', '1')])));

    expect(error.message).not.toContain('4242');
  });
});

describe('parsing the native transcript format', () => {
  const native = {
    channels: [
      { channel: 0, words: [{ text: 'Goedemiddag', start: 0.2, end: 0.8, confidence: 0.97 }] },
      { channel: 1, words: [] },
    ],
  };

  it('reads channels and words, ignoring fields it does not use', () => {
    expect(parseNativeTranscript(native)).toEqual({
      channels: [
        { channel: 0, words: [{ text: 'Goedemiddag', start: 0.2, end: 0.8 }] },
        { channel: 1, words: [] },
      ],
    });
  });

  it.each([
    ['NaN', Number.NaN, 1, 'TRANSCRIPT_TIMES_INVALID', 'not a finite number'],
    ['Infinity', 0, Number.POSITIVE_INFINITY, 'TRANSCRIPT_TIMES_INVALID', 'not a finite number'],
    ['a negative start', -0.1, 1, 'TRANSCRIPT_TIMES_INVALID', 'negative time'],
    ['an end before the start', 2, 1, 'TRANSCRIPT_TIMES_INVALID', 'before it starts'],
    ['a time after a day', 0, 86_401, 'TRANSCRIPT_TIMES_INVALID', 'ends after 86400 s'],
    ['a time as a string', '1.0', 2, 'TRANSCRIPT_TIMES_INVALID', 'as numbers of seconds (found a string and 2)'],
  ] as const)('refuses %s', (_label, start, end, code, message) => {
    expectRefused(() => parseNativeTranscript({ channels: [{ channel: 0, words: [{ text: 'vier', start, end }] }] }), code, `channel 0, word 1`);
    expectRefused(() => parseNativeTranscript({ channels: [{ channel: 0, words: [{ text: 'vier', start, end }] }] }), code, message);
  });

  it.each([
    ['channel 2', { channels: [{ channel: 2, words: [] }] }, 'TRANSCRIPT_CHANNEL_INVALID', 'names channel 2'],
    ['a channel given as text', { channels: [{ channel: '0', words: [] }] }, 'TRANSCRIPT_CHANNEL_INVALID', 'names channel a string'],
    ['three channels', { channels: [{ channel: 0, words: [] }, { channel: 1, words: [] }, { channel: 0, words: [] }] }, 'TRANSCRIPT_CHANNEL_INVALID', '3 channels'],
    ['the same channel twice', { channels: [{ channel: 1, words: [] }, { channel: 1, words: [] }] }, 'TRANSCRIPT_CHANNEL_INVALID', 'channel 1 twice'],
    ['no channel list', { words: [] }, 'TRANSCRIPT_INVALID', 'no "channels" list'],
    ['a channel without words', { channels: [{ channel: 0 }] }, 'TRANSCRIPT_INVALID', 'no "words" list'],
    ['a word that is not an object', { channels: [{ channel: 0, words: ['vier'] }] }, 'TRANSCRIPT_INVALID', 'word 1 is not an object'],
    ['a word without text', { channels: [{ channel: 0, words: [{ text: '  ', start: 0, end: 1 }] }] }, 'TRANSCRIPT_INVALID', 'has no text'],
    ['a word of 201 characters', { channels: [{ channel: 0, words: [{ text: 'a'.repeat(201), start: 0, end: 1 }] }] }, 'TRANSCRIPT_INVALID', 'longer than 200'],
  ] as const)('refuses %s', (_label, json, code, message) => {
    expectRefused(() => parseNativeTranscript(json), code, message);
  });

  it('refuses more words than the cap', () => {
    const words = Array.from({ length: TRANSCRIPT_LIMITS.maxWords + 1 }, (_, i) => ({ text: 'ja', start: i / 100, end: i / 100 }));

    expectRefused(() => parseNativeTranscript({ channels: [{ channel: 0, words }] }), 'TRANSCRIPT_TOO_LARGE', `at most ${TRANSCRIPT_LIMITS.maxWords}`);
  });
});

describe('parseTranscript', () => {
  it('tells the two formats apart by their shape', () => {
    expect(parseTranscript(JSON.stringify(amazonMono([word('ja', '0', '0.2')]))).format).toBe('amazon-transcribe');
    expect(parseTranscript(JSON.stringify({ channels: [{ channel: 0, words: [] }] })).format).toBe('native');
  });

  it('refuses a document that could be either, or neither', () => {
    expectRefused(() => parseTranscript(JSON.stringify({ results: {}, channels: [] })), 'TRANSCRIPT_INVALID', 'neither');
    expectRefused(() => parseTranscript('[]'), 'TRANSCRIPT_INVALID', 'neither');
    expectRefused(() => parseTranscript('null'), 'TRANSCRIPT_INVALID', 'neither');
  });

  it('refuses text that is not JSON without quoting it', () => {
    const error = refusal(() => parseTranscript('{"channels": [ 4242 4242'));

    expect(error.message).toBe('The transcript is not valid JSON.');
  });

  it('refuses JSON longer than the cap before parsing it', () => {
    expectRefused(() => parseTranscript(' '.repeat(TRANSCRIPT_LIMITS.maxJsonLength + 1)), 'TRANSCRIPT_TOO_LARGE', 'longer than');
  });
});

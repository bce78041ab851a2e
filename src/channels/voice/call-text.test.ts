import { describe, expect, it } from 'vitest';
import { detect, maskRecording, writeWav, type Transcript } from '../../privacy/index.js';
import { channelSamples, pcm, sine, spokenWords } from '../../privacy/recordings/signals.test-helpers.js';
import { callText, detectorFor } from './call-text.js';

const RATE = 8000;

describe('the call as text', () => {
  it('interleaves two channels by time, one labelled line per turn', () => {
    const transcript: Transcript = {
      channels: [
        { channel: 0, words: [{ text: 'goedemiddag', start: 0, end: 0.5 }, { text: 'zeg', start: 2, end: 2.2 }, { text: 'het', start: 2.3, end: 2.4 }] },
        { channel: 1, words: [{ text: 'hallo', start: 1, end: 1.4 }, { text: 'ja', start: 3, end: 3.1 }] },
      ],
    };
    expect(callText(transcript, 1).text).toBe('Agent: goedemiddag\nCaller: hallo\nAgent: zeg het\nCaller: ja');
    expect(callText(transcript, 0).text).toBe('Caller: goedemiddag\nAgent: hallo\nCaller: zeg het\nAgent: ja');
  });

  it('labels a mono call as one speaker', () => {
    expect(callText({ channels: [{ channel: 0, words: spokenWords('hallo daar', 0) }] }, 0).text).toBe('Call: hallo daar');
  });

  it('blanks in the audio exactly the words the detections over the stored text touch', () => {
    // The detection runs on the stored text; the audio masker is told which words it touched.
    const caller = spokenWords('mijn kaartnummer is vier een een een een een een een een een een een een een een een', 0.5);
    const transcript: Transcript = { channels: [{ channel: 0, words: caller }] };
    const call = callText(transcript, 0);
    const detections = detect(call.text, { known: { names: [], emails: [], phones: [] } });
    expect(detections.map((d) => d.type)).toEqual(['card']);
    const wav = writeWav({ sampleRate: RATE, channels: 1 }, pcm(RATE * 9, [sine(440, RATE)]));
    const masked = maskRecording({ wav, transcript, detect: detectorFor(transcript, call, detections), fill: 'silence' });
    expect(masked.spans).toHaveLength(1);
    const first = caller[3] ?? { start: 0 };
    const last = caller.at(-1) ?? { end: 0 };
    expect(masked.spans[0]).toMatchObject({ channel: 0, startMs: Math.round((first.start - 0.15) * 1000), type: 'card' });
    expect(masked.spans[0]?.endMs).toBeCloseTo((last.end + 0.15) * 1000, 6);
    const samples = channelSamples(masked.wav, 1, 0);
    expect(samples.subarray(Math.floor((first.start - 0.15) * RATE), Math.ceil((last.end + 0.15) * RATE)).every((s) => s === 0)).toBe(true);
    expect(masked.transcript.channels[0]?.words.map((w) => w.text).join(' ')).toBe('mijn kaartnummer is [CARD]');
  });

  it('masks nothing in the audio when the text detections find nothing', () => {
    const transcript: Transcript = { channels: [{ channel: 0, words: spokenWords('ik bel over mijn bestelling', 0.1) }] };
    const call = callText(transcript, 0);
    const wav = writeWav({ sampleRate: RATE, channels: 1 }, pcm(RATE * 3, [sine(440, RATE)]));
    const masked = maskRecording({ wav, transcript, detect: detectorFor(transcript, call, []), fill: 'silence' });
    expect(masked.spans).toEqual([]);
    expect(masked.wav.equals(wav)).toBe(true);
  });

  it('fails closed when asked about a channel text it did not predict', () => {
    const transcript: Transcript = { channels: [{ channel: 0, words: spokenWords('een twee', 0) }] };
    const detector = detectorFor(transcript, callText(transcript, 0), []);
    expect(() => detector('een drie')).toThrow(/did not predict/);
  });
});

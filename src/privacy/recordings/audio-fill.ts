import { BYTES_PER_SAMPLE } from './wav.js';

/** What replaces a masked stretch of audio. */
export type AudioFill = 'silence' | 'tone';

/** A stretch of one channel, in sample frames: [startFrame, endFrame). */
export interface FrameSpan {
  readonly startFrame: number;
  readonly endFrame: number;
}

export const TONE_HZ = 1000;
/** About −12 dBFS: clearly audible as "something was removed here" without being painful. */
export const TONE_AMPLITUDE = 8192;

/** Joins overlapping or touching spans, so a tone runs unbroken (phase-continuous) across them. */
export function mergeSpans(spans: readonly FrameSpan[]): FrameSpan[] {
  const sorted = [...spans].sort((a, b) => a.startFrame - b.startFrame);
  const merged: FrameSpan[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && span.startFrame <= last.endFrame) {
      merged[merged.length - 1] = { startFrame: last.startFrame, endFrame: Math.max(last.endFrame, span.endFrame) };
    } else {
      merged.push(span);
    }
  }
  return merged;
}

export interface ChannelLayout {
  readonly channels: number;
  readonly channel: number;
  readonly sampleRate: number;
}

/** Overwrites one channel's samples in `data` (interleaved 16-bit LE) over the span; other channels keep every byte. */
export function fillSpan(data: Buffer, span: FrameSpan, layout: ChannelLayout, fill: AudioFill): void {
  const frameBytes = layout.channels * BYTES_PER_SAMPLE;
  const channelOffset = layout.channel * BYTES_PER_SAMPLE;
  const step = (2 * Math.PI * TONE_HZ) / layout.sampleRate;
  for (let frame = span.startFrame; frame < span.endFrame; frame++) {
    const sample = fill === 'tone' ? Math.round(TONE_AMPLITUDE * Math.sin(step * (frame - span.startFrame))) : 0;
    data.writeInt16LE(sample, frame * frameBytes + channelOffset);
  }
}

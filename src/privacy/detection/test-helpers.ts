import { detect } from './detect.js';
import type { DetectOptions, EntityType } from './types.js';

/** What detect() found, as [type, matched text] pairs, for readable known-answer tests. */
export function found(text: string, options?: DetectOptions): [EntityType, string][] {
  return detect(text, options).map((d) => [d.type, text.slice(d.start, d.end)]);
}

export function foundOf(type: EntityType, text: string, options?: DetectOptions): string[] {
  return found(text, options)
    .filter(([t]) => t === type)
    .map(([, s]) => s);
}

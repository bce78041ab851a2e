import { Cue, ENTRY_PHRASE } from '../lexicon.js';
import type { Findings } from '../findings.js';
import { detection, type ScanInput } from '../scan-input.js';

/** How far back a first-person or family word frames a health term. */
const FRAME_BEFORE = 32;

/**
 * Health data: a lexicon match (the terms are in the scan's lexicon, health-lexicon.ts), scored
 * by its frame. A first-person or family word in the preceding words ("ik gebruik insuline",
 * "my diabetes", "mijn vader") makes it a statement about someone's health (0.85–0.95); a bare
 * term scores 0.55 (still masked: health data is special-category, the safe side is to mask); a
 * bare term with an everyday sense ("ziek van de wachtrij", "the terminal") scores 0.35 and is
 * left alone. Where terms overlap the longest wins ("type 2 diabetes" over "type").
 */
export function findHealth(input: ScanInput, out: Findings): void {
  if (!input.mentions(Cue.health)) return;
  const { hitStart, hitEnd, hitEntry, hitCount } = input.scan;
  let after = 0;
  for (let h = 0; h < hitCount; h++) {
    const kind = ENTRY_PHRASE[hitEntry[h] as number]?.health;
    const start = hitStart[h] as number;
    // Hits at one start come longest first, so the first health phrase there is the longest.
    if (kind === undefined || start < after) continue;
    const end = hitEnd[h] as number;
    const framed = input.hasPersonalBefore(start, FRAME_BEFORE);
    let score: number;
    if (kind === 'always') score = framed ? 0.95 : 0.8;
    else if (kind === 'ambiguous') score = framed ? 0.7 : 0.35;
    else score = framed ? 0.9 : 0.55;
    if (input.expects('health')) score += 0.2;
    out.push(detection('health', start, end, score));
    after = end;
  }
}

import { readFileSync } from 'node:fs';
import type { Detection, EntityType } from '../../src/privacy/index.js';

/** The five Presidio entity types Bolwerk has a counterpart for. */
export const PRESIDIO_TYPES = ['CREDIT_CARD', 'IBAN_CODE', 'EMAIL_ADDRESS', 'IP_ADDRESS', 'PHONE_NUMBER'] as const;
export type PresidioType = (typeof PRESIDIO_TYPES)[number];

/** Presidio's own analyzer on this data set, token-level F2 at threshold 0.4 (data/README.md). */
export const PRESIDIO_PUBLISHED: Readonly<Record<PresidioType, number>> = {
  CREDIT_CARD: 0.81,
  IBAN_CODE: 1.0,
  EMAIL_ADDRESS: 1.0,
  IP_ADDRESS: 0.92,
  PHONE_NUMBER: 0.63,
};

const BOLWERK_TO_PRESIDIO: Partial<Record<EntityType, PresidioType>> = {
  card: 'CREDIT_CARD',
  iban: 'IBAN_CODE',
  email: 'EMAIL_ADDRESS',
  ip: 'IP_ADDRESS',
  phone: 'PHONE_NUMBER',
  'known-number': 'PHONE_NUMBER',
};

interface Sample {
  readonly full_text: string;
  readonly spans: readonly { readonly entity_type: string; readonly start_position: number; readonly end_position: number }[];
}

export interface TypeScore {
  readonly precision: number;
  readonly recall: number;
  readonly f2: number;
  readonly goldTokens: number;
}

/**
 * Token-level scoring as presidio-research's evaluator does it: each whitespace token gets the
 * gold label of the span it overlaps and the predicted label of the detection it overlaps;
 * per type, F2 = 5PR / (4P + R), which weighs recall four times precision.
 */
export function scorePresidio(path: string, run: (text: string) => readonly Detection[]): Record<PresidioType, TypeScore> {
  const samples = JSON.parse(readFileSync(path, 'utf8')) as Sample[];
  const counts = new Map<PresidioType, { tp: number; fp: number; fn: number }>(PRESIDIO_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  for (const sample of samples) {
    const detections = run(sample.full_text);
    for (const token of sample.full_text.matchAll(/\S+/g)) {
      const start = token.index;
      const end = start + token[0].length;
      const gold = sample.spans.find((s) => s.start_position < end && s.end_position > start)?.entity_type;
      const predictedDetection = detections.find((d) => d.start < end && d.end > start);
      const predicted = predictedDetection === undefined ? undefined : BOLWERK_TO_PRESIDIO[predictedDetection.type];
      for (const type of PRESIDIO_TYPES) {
        const c = counts.get(type);
        if (c === undefined) continue;
        if (gold === type && predicted === type) c.tp++;
        else if (gold === type) c.fn++;
        else if (predicted === type) c.fp++;
      }
    }
  }
  const result = {} as Record<PresidioType, TypeScore>;
  for (const type of PRESIDIO_TYPES) {
    const c = counts.get(type) ?? { tp: 0, fp: 0, fn: 0 };
    const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
    const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
    const f2 = precision + recall === 0 ? 0 : (5 * precision * recall) / (4 * precision + recall);
    result[type] = { precision, recall, f2, goldTokens: c.tp + c.fn };
  }
  return result;
}

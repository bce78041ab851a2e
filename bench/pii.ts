/**
 * npm run bench:pii — Bolwerk's PII detection and masking against two npm peers, in one process
 * over the same messages:
 *   @redactpii/node (Redactor, the fastest regex redactor) and redact-pii (SyncRedactor, the most complete).
 * Corpus: ≥ BENCH_PII_MB (default 5) MB of seeded Dutch and English chat messages with planted
 * cards, IBANs, BSNs, e-mail addresses and phone numbers, checksum-failing decoys (Luhn,
 * mod-97, 11-test) and benign look-alikes (order numbers, amounts, dates, tracking codes).
 * Reports per-message MB/s (each message redacted on its own, as a channel would; the tools take
 * turns chunk by chunk so machine load falls on all alike, over BENCH_PII_PASSES (default 5)
 * passes), recall per
 * entity type, decoys masked and benign tokens damaged, for each tool; then scores Bolwerk on
 * presidio-synth-v2 (token-level F2) beside Presidio's published figures.
 * Judging a tool by its output text only: a planted value counts as masked when it no longer
 * appears verbatim in the output. The same rule for all three tools.
 * Ends with one line of JSON: {"bench":"pii","mb_per_s":…,…}.
 */
import { join } from 'node:path';
import { Redactor } from '@redactpii/node';
import redactPii from 'redact-pii';
import { detect, mask } from '../src/privacy/index.js';
import { describeMachine, formatLoadNow, formatMachine, packageVersion, projectRoot } from './lib/machine.js';
import { round } from './lib/report.js';
import { generateCorpus, type Message, type PlantedKind } from './pii/corpus.js';
import { PRESIDIO_PUBLISHED, PRESIDIO_TYPES, scorePresidio } from './pii/presidio.js';

const SEED = 20_240_605;
const CORPUS_MB = Number(process.env['BENCH_PII_MB'] ?? 5);
const PRESIDIO_PATH = join(projectRoot, '..', 'shared', 'data', 'presidio-synth-v2.json');
const KINDS: readonly PlantedKind[] = ['card', 'iban', 'bsn', 'email', 'phone'];

type Redact = (text: string) => string;

interface Accuracy {
  readonly recall: Record<PlantedKind, number>;
  readonly decoysMasked: number;
  readonly decoys: number;
  readonly benignDamagedPct: number;
}

function accuracy(messages: readonly Message[], outputs: readonly string[]): Accuracy {
  const found = new Map<PlantedKind, { masked: number; total: number }>(KINDS.map((k) => [k, { masked: 0, total: 0 }]));
  let decoys = 0;
  let decoysMasked = 0;
  let benign = 0;
  let benignDamaged = 0;
  messages.forEach((message, i) => {
    const output = outputs[i] ?? '';
    for (const planted of message.planted) {
      const survived = output.includes(planted.value);
      if (planted.kind === 'decoy') {
        decoys++;
        if (!survived) decoysMasked++;
      } else if (planted.kind === 'benign') {
        benign++;
        if (!survived) benignDamaged++;
      } else {
        const f = found.get(planted.kind);
        if (f !== undefined) {
          f.total++;
          if (!survived) f.masked++;
        }
      }
    }
  });
  const recall = {} as Record<PlantedKind, number>;
  for (const kind of KINDS) {
    const f = found.get(kind) ?? { masked: 0, total: 0 };
    recall[kind] = f.total === 0 ? 1 : f.masked / f.total;
  }
  return { recall, decoysMasked, decoys, benignDamagedPct: benign === 0 ? 0 : (100 * benignDamaged) / benign };
}

const CHUNK = 256;
/** Timed passes over the corpus after the warm-up: more of them, less of the machine's noise in the figure. */
const PASSES = Number(process.env['BENCH_PII_PASSES'] ?? 5);

/**
 * Per-message throughput of every tool over the same messages, one redact() call per message.
 * Each tool first warms up on one whole pass over the corpus, as a long-running channel process
 * is warm (a tenth left rare code paths still compiling in the measured pass). Then PASSES times
 * the corpus is walked in chunks of CHUNK messages and every tool redacts each chunk in turn (the
 * order rotating), so a burst of load on a shared machine falls on all tools alike instead of on
 * whichever ran at the time. A tool's figure is the corpus's bytes over its mean time per pass.
 */
function throughput(messages: readonly Message[], bytes: number, tools: readonly (readonly [string, Redact])[]): Map<string, { mbPerS: number; outputs: string[] }> {
  for (const [, redact] of tools) for (const message of messages) redact(message.text);
  const seconds = tools.map(() => 0);
  const outputs = tools.map(() => new Array<string>(messages.length));
  for (let pass = 0, round = 0; pass < PASSES; pass++) {
    for (let from = 0; from < messages.length; from += CHUNK, round++) {
      const to = Math.min(messages.length, from + CHUNK);
      for (let k = 0; k < tools.length; k++) {
        const t = (k + round) % tools.length;
        const redact = tools[t]?.[1];
        const out = outputs[t];
        if (redact === undefined || out === undefined) continue;
        const started = performance.now();
        for (let i = from; i < to; i++) out[i] = redact(messages[i]?.text ?? '');
        seconds[t] = (seconds[t] ?? 0) + (performance.now() - started) / 1000;
      }
    }
  }
  return new Map(tools.map(([name], t) => [name, { mbPerS: (PASSES * bytes) / 1e6 / (seconds[t] ?? 1), outputs: outputs[t] ?? [] }]));
}

function pct(value: number): string {
  return `${(100 * value).toFixed(2)}%`;
}

function main(): void {
  console.log('bench:pii: Bolwerk detect+mask vs @redactpii/node and redact-pii, per message');
  console.log(formatMachine(describeMachine()));
  console.log(`versions: @redactpii/node ${packageVersion('@redactpii/node')}, redact-pii ${packageVersion('redact-pii')}, libphonenumber-js ${packageVersion('libphonenumber-js')}, ibantools ${packageVersion('ibantools')}`);
  const messages = generateCorpus(SEED, CORPUS_MB * 1e6);
  const bytes = messages.reduce((sum, m) => sum + Buffer.byteLength(m.text, 'utf8'), 0);
  const counts = new Map<string, number>();
  for (const m of messages) for (const p of m.planted) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  console.log(`corpus: seed ${SEED}, ${messages.length} messages, ${(bytes / 1e6).toFixed(2)} MB; planted ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(formatLoadNow());

  const redactpii = new Redactor();
  const redactPiiSync = new redactPii.SyncRedactor();
  const tools: readonly (readonly [string, Redact])[] = [
    ['bolwerk', (text) => mask(text, detect(text)).text],
    ['@redactpii/node', (text) => redactpii.redact(text)],
    ['redact-pii', (text) => redactPiiSync.redact(text)],
  ];
  const results = new Map<string, { mbPerS: number; accuracy: Accuracy }>();
  // The pair the target compares takes turns; redact-pii (30× slower, and heavy on the garbage
  // collector) runs on its own afterwards, so its collections do not land in the others' timings.
  const measured = new Map([...throughput(messages, bytes, tools.slice(0, 2)), ...throughput(messages, bytes, tools.slice(2))]);
  for (const [name, { mbPerS, outputs }] of measured) {
    const acc = accuracy(messages, outputs);
    results.set(name, { mbPerS, accuracy: acc });
    console.log(
      `${name.padEnd(16)} ${mbPerS.toFixed(2).padStart(8)} MB/s  recall ${KINDS.map((k) => `${k} ${pct(acc.recall[k])}`).join(', ')}; ` +
        `decoys masked ${acc.decoysMasked}/${acc.decoys}; benign damaged ${acc.benignDamagedPct.toFixed(2)}%`,
    );
  }

  const ours = results.get('bolwerk')?.mbPerS ?? 0;
  const fastestPeer = results.get('@redactpii/node')?.mbPerS ?? 0;
  console.log(`bolwerk / @redactpii/node per-message throughput: ${fastestPeer === 0 ? '–' : (ours / fastestPeer).toFixed(2)}× (target ≥ 1.5×)`);

  const presidio = scorePresidio(PRESIDIO_PATH, (text) => detect(text, { locale: 'en' }));
  console.log('presidio-synth-v2, token-level F2 (precision / recall), Bolwerk beside Presidio published:');
  for (const type of PRESIDIO_TYPES) {
    const s = presidio[type];
    console.log(`  ${type.padEnd(14)} ${s.f2.toFixed(3)} (P ${s.precision.toFixed(3)} / R ${s.recall.toFixed(3)}, ${s.goldTokens} gold tokens)  Presidio ${PRESIDIO_PUBLISHED[type].toFixed(2)}`);
  }

  const bolwerk = results.get('bolwerk');
  if (bolwerk === undefined) throw new Error('no Bolwerk result');
  console.log(
    JSON.stringify({
      bench: 'pii',
      mb_per_s: round(bolwerk.mbPerS),
      peer_redactpii_node_mb_per_s: round(results.get('@redactpii/node')?.mbPerS ?? 0),
      peer_redact_pii_mb_per_s: round(results.get('redact-pii')?.mbPerS ?? 0),
      recall: Object.fromEntries(KINDS.map((k) => [k, round(bolwerk.accuracy.recall[k], 4)])),
      decoys_masked: bolwerk.accuracy.decoysMasked,
      benign_damaged_pct: round(bolwerk.accuracy.benignDamagedPct, 3),
      presidio: Object.fromEntries(PRESIDIO_TYPES.map((t) => [t, round(presidio[t].f2, 3)])),
    }),
  );
}

main();

/**
 * npm run bench:crypto — field encryption at rest against raw node:crypto, in the same run:
 *   bolwerk   encryptField + decryptField: AES-256-GCM with a fresh IV, the table/field/record
 *             binding as associated data, the versioned layout (one copy on encrypt, none on decrypt)
 *   raw       createCipheriv/createDecipheriv AES-256-GCM with a fresh IV, no associated data,
 *             ciphertext and tag left as separate buffers: the floor any wrapper is measured against
 * for 1 KB (a chat message) and 1 MB (an attachment) payloads. One operation is an encryption
 * followed by a decryption. Each round measures the two back to back (in alternating order) and
 * takes their ratio; the figure is the median ratio over the rounds, so a spike of other work on
 * the machine spoils one round rather than the result. Ratios are of wall-clock rates; the ratio
 * of CPU-time rates is printed beside them, as a check on a busy machine.
 * BENCH_CRYPTO_ROUNDS (default 15) and BENCH_CRYPTO_ROUND_MS (default 250) set the length.
 * Ends with one JSON line: {"bench":"crypto","ratio_1mb":…,"ratio_1kb":…} (Bolwerk ÷ raw; targets
 * ≥ 0.80 for 1 MB, ≥ 0.50 for 1 KB).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { generateDataKey } from '../src/platform/crypto/index.js';
import { decryptField, encryptField, type FieldBinding } from '../src/privacy/encryption/index.js';
import { describeMachine, formatLoadNow, formatMachine } from './lib/machine.js';

const ROUNDS = Number(process.env['BENCH_CRYPTO_ROUNDS'] ?? 15);
const ROUND_MS = Number(process.env['BENCH_CRYPTO_ROUND_MS'] ?? 250);

const key = generateDataKey();
const binding: FieldBinding = { table: 'conversation_messages', field: 'body', recordId: '01JMB8Q2X6ZC4T3N5W7Y9K1P0R' };

type Operation = (payload: Buffer) => Buffer;

const bolwerk: Operation = (payload) => decryptField(key, encryptField(key, payload, binding), binding);

const raw: Operation = (payload) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = cipher.update(payload);
  cipher.final();
  const tag = cipher.getAuthTag();
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  const plaintext = decipher.update(ciphertext);
  decipher.final();
  return plaintext;
};

interface Rate {
  /** Operations per second of wall-clock time: the figure that counts. */
  readonly wall: number;
  /** Operations per second of this process's CPU time: steadier when other work shares the machine. */
  readonly cpu: number;
}

/** One round of about ROUND_MS. */
function round(operation: Operation, payload: Buffer): Rate {
  let count = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let elapsed: number;
  do {
    for (let i = 0; i < 16; i++) operation(payload);
    count += 16;
    elapsed = performance.now() - started;
  } while (elapsed < ROUND_MS);
  const cpu = process.cpuUsage(cpuStarted);
  return { wall: (count / elapsed) * 1000, cpu: (count / (cpu.user + cpu.system)) * 1e6 };
}

interface Figures {
  /** Median over rounds of Bolwerk's rate ÷ raw's rate, each pair measured back to back. */
  readonly ratio: number;
  readonly ratioByCpu: number;
  readonly bolwerkBest: number;
  readonly rawBest: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function measure(label: string, size: number): Figures {
  const payload = randomBytes(size);
  // Both must give the payload back; a fast wrong answer is no figure.
  if (!bolwerk(payload).equals(payload) || !raw(payload).equals(payload)) throw new Error(`${label}: a round trip did not return the payload`);
  round(bolwerk, payload);
  round(raw, payload);
  const pairs: Array<{ readonly bolwerk: Rate; readonly raw: Rate }> = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
    if (r % 2 === 0) {
      const rawNow = round(raw, payload);
      pairs.push({ raw: rawNow, bolwerk: round(bolwerk, payload) });
    } else {
      const bolwerkNow = round(bolwerk, payload);
      pairs.push({ bolwerk: bolwerkNow, raw: round(raw, payload) });
    }
  }
  const figures: Figures = {
    ratio: median(pairs.map((p) => p.bolwerk.wall / p.raw.wall)),
    ratioByCpu: median(pairs.map((p) => p.bolwerk.cpu / p.raw.cpu)),
    bolwerkBest: Math.max(...pairs.map((p) => p.bolwerk.wall)),
    rawBest: Math.max(...pairs.map((p) => p.raw.wall)),
  };
  const mbPerSecond = (perSecond: number): string => ((perSecond * size) / 1e6).toFixed(1);
  console.log(
    `${label}: bolwerk up to ${Math.round(figures.bolwerkBest)} enc+dec/s (${mbPerSecond(figures.bolwerkBest)} MB/s), ` +
      `raw node:crypto up to ${Math.round(figures.rawBest)} enc+dec/s (${mbPerSecond(figures.rawBest)} MB/s); ` +
      `median ratio ${figures.ratio.toFixed(3)} (by CPU time ${figures.ratioByCpu.toFixed(3)})`,
  );
  return figures;
}

function main(): void {
  console.log('bench:crypto: encryptField + decryptField (AES-256-GCM, bound to table/field/record) against raw node:crypto AES-256-GCM');
  console.log(formatMachine(describeMachine()));
  console.log(`${ROUNDS} rounds per size, each ~${ROUND_MS} ms of Bolwerk and ~${ROUND_MS} ms of raw back to back, in alternating order`);
  const small = measure('1 KB', 1024);
  const large = measure('1 MB', 1024 * 1024);
  const ratio1kb = small.ratio;
  const ratio1mb = large.ratio;
  console.log(`targets: 1 MB >= 0.80 of raw (${ratio1mb.toFixed(3)}), 1 KB >= 0.50 of raw (${ratio1kb.toFixed(3)})`);
  console.log(`machine now: ${formatLoadNow()}`);
  console.log(JSON.stringify({ bench: 'crypto', ratio_1mb: Number(ratio1mb.toFixed(3)), ratio_1kb: Number(ratio1kb.toFixed(3)) }));
}

main();

import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatCheckpointNote } from './checkpoint-note.js';
import { EMPTY_ROOT, leafHash, rootOfLeafHashes } from './merkle/hashing.js';
import { memoryTreeSource } from './merkle/memory-source.js';
import { consistencyProof, inclusionProof } from './merkle/proofs.js';
import { useTemporaryFolders } from '../../test/harness/temporary-folders.js';

// verifier/verify-audit-proof.mjs is what an auditor runs instead of trusting Bolwerk. These
// tests build real proofs and real Ed25519 checkpoints with Bolwerk's own code, then run the
// standalone verifier as a separate `node` process, exactly as an auditor would, and forge what
// a dishonest operator would forge.

const VERIFIER = fileURLToPath(new URL('../../verifier/verify-audit-proof.mjs', import.meta.url));
const temporaryFolder = useTemporaryFolders('bolwerk-verifier-');

interface Signer {
  readonly privateKey: KeyObject;
  readonly publicKeyRaw: Buffer;
  readonly publicKeyPem: string;
}

function newSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKeyRaw: spki.subarray(spki.length - 32), publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}

const bolwerkKey = newSigner();
const otherKey = newSigner();

// Canonical bytes of a few audit entries (the verifier only ever sees them as bytes).
const entries = Array.from({ length: 13 }, (_, i) => Buffer.from(JSON.stringify({ seq: i, action: 'conversation.read', actor: `user:${i % 3}` })));
const leaves = entries.map((entry) => leafHash(entry));
const source = memoryTreeSource(leaves);

interface CheckpointJson {
  treeSize: number;
  rootHash: string;
  timestamp: number;
  signature: string;
  publicKey: string;
}

function checkpoint(treeSize: number, signer: Signer = bolwerkKey, timestamp = 1795245203118 + treeSize): CheckpointJson {
  const rootHash = rootOfLeafHashes(leaves.slice(0, treeSize));
  const note = formatCheckpointNote({ treeSize, rootHash, timestamp });
  return {
    treeSize,
    rootHash: rootHash.toString('base64'),
    timestamp,
    signature: sign(null, Buffer.from(note, 'utf8'), signer.privateKey).toString('base64'),
    publicKey: signer.publicKeyRaw.toString('base64'),
  };
}

async function inclusionDocument(leafIndex: number, treeSize: number): Promise<Record<string, unknown>> {
  const proof = await inclusionProof(leafIndex, treeSize, source);
  return {
    type: 'inclusion',
    leafIndex,
    entry: (entries[leafIndex] as Buffer).toString('base64'),
    leafHash: (leaves[leafIndex] as Buffer).toString('base64'),
    checkpoint: checkpoint(treeSize),
    proof: proof.map((hash) => hash.toString('base64')),
  };
}

async function consistencyDocument(fromSize: number, toSize: number): Promise<Record<string, unknown>> {
  const proof = await consistencyProof(fromSize, toSize, source);
  return { type: 'consistency', from: checkpoint(fromSize), to: checkpoint(toSize), proof: proof.map((hash) => hash.toString('base64')) };
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runVerifier(args: readonly string[]): Run {
  const result = spawnSync(process.execPath, [VERIFIER, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Writes the document (or raw text) and the trusted key, and runs the verifier on them. The key
 * file holds Bolwerk's raw key unless `publicKey` says otherwise; `null` pins no key at all.
 */
function verifyDocument(document: unknown, options: { readonly publicKey?: string | null } = {}): Run {
  const folder = temporaryFolder();
  const proofFile = join(folder, 'proof.json');
  writeFileSync(proofFile, typeof document === 'string' ? document : JSON.stringify(document, null, 2));
  if (options.publicKey === null) return runVerifier([proofFile]);
  const keyFile = join(folder, 'audit-signing.pub');
  writeFileSync(keyFile, options.publicKey ?? `${bolwerkKey.publicKeyRaw.toString('base64')}\n`);
  return runVerifier([proofFile, '--public-key', keyFile]);
}

function flipFirstBit(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString('base64');
}

function expectValid(run: Run): void {
  expect(run.stdout, run.stderr).toMatch(/^VALID: /);
  expect(run.stdout.trim().split('\n')).toHaveLength(1);
  expect(run.status).toBe(0);
}

function expectNotValid(run: Run, reason: RegExp): void {
  expect(run.stdout, run.stderr).toMatch(/^NOT VALID: /);
  expect(run.stdout).toMatch(reason);
  expect(run.stdout.trim().split('\n')).toHaveLength(1);
  expect(run.status).toBe(1);
}

describe('verify-audit-proof.mjs: valid proofs', () => {
  it('accepts an inclusion proof signed by the trusted key (raw base64 key file)', async () => {
    const run = verifyDocument(await inclusionDocument(5, 10));

    expectValid(run);
    expect(run.stdout).toContain('entry 5');
    expect(run.stdout).toContain('10 entries');
    expect(run.stderr).toBe('');
  });

  it('accepts an inclusion proof with a PEM public key file', async () => {
    expectValid(verifyDocument(await inclusionDocument(12, 13), { publicKey: bolwerkKey.publicKeyPem }));
  });

  it('accepts an inclusion proof that gives only the leaf hash', async () => {
    const document = await inclusionDocument(0, 1);
    delete document['entry'];
    expectValid(verifyDocument(document));
  });

  it('accepts a consistency proof between two signed checkpoints', async () => {
    const run = verifyDocument(await consistencyDocument(6, 13));

    expectValid(run);
    expect(run.stdout).toContain('13 entries');
    expect(run.stdout).toContain('6 entries');
  });

  it('accepts consistency from the empty trail and between equal checkpoints', async () => {
    const fromEmpty = await consistencyDocument(0, 13);
    expect((fromEmpty['from'] as CheckpointJson).rootHash).toBe(EMPTY_ROOT.toString('base64'));
    expectValid(verifyDocument(fromEmpty));
    expectValid(verifyDocument(await consistencyDocument(13, 13)));
  });

  it('verifies every leaf and every size pair of a small trail', async () => {
    // One process per proof is slow; a handful across the shapes that matter is enough here,
    // the algorithms themselves are exercised in merkle.test.ts.
    for (const [index, size] of [[0, 2], [1, 2], [6, 7], [3, 8], [8, 9], [10, 13]] as const) {
      expectValid(verifyDocument(await inclusionDocument(index, size)));
    }
    for (const [from, to] of [[1, 2], [4, 8], [7, 8], [3, 13], [8, 13]] as const) {
      expectValid(verifyDocument(await consistencyDocument(from, to)));
    }
  });

  it('warns when no key is pinned, and says whose key it trusted', async () => {
    const run = verifyDocument(await inclusionDocument(2, 4), { publicKey: null });

    expectValid(run);
    expect(run.stderr).toMatch(/no --public-key given; trusting the public key inside the proof file/);
  });
});

describe('verify-audit-proof.mjs: forgeries', () => {
  it('rejects a forged checkpoint signature', async () => {
    const document = await inclusionDocument(5, 10);
    const cp = document['checkpoint'] as CheckpointJson;
    cp.signature = flipFirstBit(cp.signature);

    expectNotValid(verifyDocument(document), /signature on checkpoint/);
  });

  it('rejects a checkpoint whose signed time was changed', async () => {
    const document = await inclusionDocument(5, 10);
    (document['checkpoint'] as CheckpointJson).timestamp += 1;

    expectNotValid(verifyDocument(document), /signature on checkpoint/);
  });

  it('rejects a checkpoint signed by another key when the Bolwerk key is pinned', async () => {
    const document = await inclusionDocument(5, 10);
    document['checkpoint'] = checkpoint(10, otherKey);

    expectNotValid(verifyDocument(document), /not by the trusted key/);
    expectNotValid(verifyDocument(document, { publicKey: bolwerkKey.publicKeyPem }), /not by the trusted key/);
  });

  it('rejects a checkpoint that claims the pinned key but was signed by another', async () => {
    const document = await inclusionDocument(5, 10);
    const forged = checkpoint(10, otherKey);
    forged.publicKey = bolwerkKey.publicKeyRaw.toString('base64');
    document['checkpoint'] = forged;

    expectNotValid(verifyDocument(document), /signature on checkpoint/);
  });

  it('rejects a consistency proof whose earlier checkpoint was signed by another key', async () => {
    const document = await consistencyDocument(6, 13);
    document['from'] = checkpoint(6, otherKey);

    expectNotValid(verifyDocument(document), /from is signed by key/);
  });

  it('rejects an inclusion proof with a flipped proof hash', async () => {
    const document = await inclusionDocument(5, 10);
    const proof = document['proof'] as string[];
    proof[1] = flipFirstBit(proof[1] as string);

    expectNotValid(verifyDocument(document), /inclusion proof does not lead/);
  });

  it('rejects a consistency proof with a flipped proof hash', async () => {
    const document = await consistencyDocument(6, 13);
    const proof = document['proof'] as string[];
    proof[0] = flipFirstBit(proof[0] as string);

    expectNotValid(verifyDocument(document), /consistency proof does not show/);
  });

  it('rejects an entry that does not match the leaf hash given with it', async () => {
    const document = await inclusionDocument(5, 10);
    document['entry'] = (entries[6] as Buffer).toString('base64');

    expectNotValid(verifyDocument(document), /entry does not hash to the leafHash/);
  });

  it('rejects an edited entry even when its leaf hash is left out', async () => {
    const document = await inclusionDocument(5, 10);
    delete document['leafHash'];
    document['entry'] = Buffer.from('{"seq":5,"action":"nothing to see"}').toString('base64');

    expectNotValid(verifyDocument(document), /inclusion proof does not lead/);
  });

  it('rejects a proof presented for another index', async () => {
    const document = await inclusionDocument(5, 10);
    document['leafIndex'] = 4;

    expectNotValid(verifyDocument(document), /inclusion proof does not lead from entry 4/);
  });

  it('rejects an entry index beyond the checkpoint', async () => {
    const document = await inclusionDocument(5, 10);
    document['leafIndex'] = 10;

    expectNotValid(verifyDocument(document), /beyond the checkpoint's 10 entries/);
  });

  it('rejects a consistency proof over a rewritten history', async () => {
    // The operator changed entry 2 after checkpoint 6 was published, then signed a new root.
    const document = await consistencyDocument(6, 13);
    const rewritten = [...leaves];
    rewritten[2] = leafHash('{"seq":2,"action":"nothing happened"}');
    const rewrittenSource = memoryTreeSource(rewritten);
    const rewrittenRoot = rootOfLeafHashes(rewritten);
    const timestamp = 1795245999999;
    document['to'] = {
      treeSize: 13,
      rootHash: rewrittenRoot.toString('base64'),
      timestamp,
      signature: sign(null, Buffer.from(formatCheckpointNote({ treeSize: 13, rootHash: rewrittenRoot, timestamp })), bolwerkKey.privateKey).toString('base64'),
      publicKey: bolwerkKey.publicKeyRaw.toString('base64'),
    };
    document['proof'] = (await consistencyProof(6, 13, rewrittenSource)).map((hash) => hash.toString('base64'));

    expectNotValid(verifyDocument(document), /consistency proof does not show/);
  });

  it('rejects a later checkpoint with fewer entries', async () => {
    const document = await consistencyDocument(6, 13);
    [document['from'], document['to']] = [document['to'], document['from']];

    expectNotValid(verifyDocument(document), /fewer entries/);
  });

  it('rejects a padded proof and non-canonical base64', async () => {
    const padded = await inclusionDocument(5, 10);
    (padded['proof'] as string[]).push(EMPTY_ROOT.toString('base64'));
    expectNotValid(verifyDocument(padded), /inclusion proof does not lead/);

    const urlSafe = await inclusionDocument(5, 10);
    const cp = urlSafe['checkpoint'] as CheckpointJson;
    cp.rootHash = cp.rootHash.replace(/=$/, '');
    expectNotValid(verifyDocument(urlSafe), /checkpoint.rootHash is not canonical base64/);

    const fractional = await inclusionDocument(5, 10);
    (fractional['checkpoint'] as CheckpointJson).treeSize = 10.5;
    expectNotValid(verifyDocument(fractional), /checkpoint.treeSize is not a whole number/);
  });
});

describe('verify-audit-proof.mjs: bad input', () => {
  it('exits 2 for a missing file', () => {
    const run = runVerifier([join(temporaryFolder(), 'no-such-proof.json')]);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/cannot read the proof file .*ENOENT/);
    expect(run.stdout).toBe('');
  });

  it('exits 2 for malformed JSON', () => {
    const run = verifyDocument('{"type": "inclusion", ');

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/is not JSON/);
  });

  it('exits 2 for a document that is not a proof', () => {
    expect(verifyDocument({ type: 'receipt' }).status).toBe(2);
    expect(verifyDocument([1, 2, 3]).status).toBe(2);
    expect(verifyDocument('null').status).toBe(2);
  });

  it('exits 2 for bad usage and an unreadable key file', async () => {
    expect(runVerifier([]).status).toBe(2);
    expect(runVerifier(['a.json', 'b.json']).status).toBe(2);
    expect(runVerifier(['--verbose']).status).toBe(2);

    const document = await inclusionDocument(5, 10);
    const notAKey = verifyDocument(document, { publicKey: 'not a key' });
    expect(notAKey.status).toBe(2);
    expect(notAKey.stderr).toMatch(/neither a PEM public key nor/);

    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const wrongKind = verifyDocument(document, { publicKey: rsa });
    expect(wrongKind.status).toBe(2);
    expect(wrongKind.stderr).toMatch(/does not hold an Ed25519 public key/);
  });
});

#!/usr/bin/env node
// Bolwerk audit proof verifier: checks a proof that Bolwerk served, without trusting Bolwerk.
//
//   node verify-audit-proof.mjs <proof.json> [--public-key <key file>]
//
// Exit 0: the proof is valid. Exit 1: it is not (the reason is printed). Exit 2: bad usage, or
// the input could not be read as a proof at all.
//
// This file is deliberately self-contained: plain JavaScript, only `node:` imports, Node 18 or
// later. It does not import Bolwerk; the RFC 9162 algorithms (section 2.1.3.2, inclusion, and
// 2.1.4.2, consistency) and the checkpoint note format are written out again here, so that an
// auditor can read the whole of what they run. See README.md beside it.

import { Buffer } from 'node:buffer';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import process from 'node:process';

const CHECKPOINT_ORIGIN = 'bolwerk.audit/v1';
const HASH_BYTES = 32;
const ED25519_KEY_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;
/** DER of an Ed25519 SubjectPublicKeyInfo up to the 32 key bytes (RFC 8410). */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const EXIT_VALID = 0;
const EXIT_NOT_VALID = 1;
const EXIT_BAD_INPUT = 2;

const USAGE = 'usage: node verify-audit-proof.mjs <proof.json> [--public-key <file with a base64 raw Ed25519 key or a PEM public key>]';

/** The proof does not hold: Bolwerk served something that does not verify. */
class NotValid extends Error {}
/** The tool was used wrongly or its input is not a proof document at all. */
class BadInput extends Error {}

// ---------------------------------------------------------------------------------------------
// RFC 9162 section 2.1.1 hashing

const EMPTY_ROOT = createHash('sha256').digest();

function leafHash(bytes) {
  return createHash('sha256').update(Buffer.of(0x00)).update(bytes).digest();
}

function nodeHash(left, right) {
  return createHash('sha256').update(Buffer.of(0x01)).update(left).update(right).digest();
}

// Tree sizes go up to 2^53, so LSB and right shift are arithmetic: JavaScript's bitwise
// operators work on 32 bits and would silently cut larger sizes.
function isOdd(n) {
  return n % 2 === 1;
}

function shiftRight(n) {
  return Math.floor(n / 2);
}

function isPowerOfTwo(n) {
  let v = n;
  while (v > 1 && !isOdd(v)) v = shiftRight(v);
  return v === 1;
}

// ---------------------------------------------------------------------------------------------
// RFC 9162 section 2.1.3.2: verifying an inclusion proof

function verifyInclusion(hash, leafIndex, treeSize, inclusionPath, rootHash) {
  // Step 1: a leaf at or beyond the tree size is not in the tree.
  if (leafIndex >= treeSize) return false;
  // Step 2.
  let fn = leafIndex;
  let sn = treeSize - 1;
  // Step 3.
  let r = hash;
  // Step 4.
  for (const p of inclusionPath) {
    // 4a: the path is longer than the tree is high.
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      // 4b
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = shiftRight(fn);
        sn = shiftRight(sn);
      }
    } else {
      // 4c
      r = nodeHash(r, p);
    }
    fn = shiftRight(fn);
    sn = shiftRight(sn);
  }
  // Step 5.
  return sn === 0 && r.equals(rootHash);
}

// ---------------------------------------------------------------------------------------------
// RFC 9162 section 2.1.4.2: verifying consistency between two tree heads

function verifyConsistency(first, second, firstHash, secondHash, consistencyPath) {
  // Outside the RFC (which covers 0 < first < second), as Bolwerk defines it:
  // a log never shrinks;
  if (first > second) return false;
  // every tree extends the empty tree, whose root is fixed, and needs no proof for it;
  if (first === 0) return consistencyPath.length === 0 && firstHash.equals(EMPTY_ROOT);
  // a tree extends only itself.
  if (first === second) return consistencyPath.length === 0 && firstHash.equals(secondHash);

  // Step 1.
  if (consistencyPath.length === 0) return false;
  // Step 2: the old root of a perfect subtree is left out of the proof; put it back.
  const path = isPowerOfTwo(first) ? [firstHash, ...consistencyPath] : [...consistencyPath];
  // Step 3.
  let fn = first - 1;
  let sn = second - 1;
  // Step 4.
  while (isOdd(fn)) {
    fn = shiftRight(fn);
    sn = shiftRight(sn);
  }
  // Step 5.
  let fr = path[0];
  let sr = path[0];
  // Step 6.
  for (const c of path.slice(1)) {
    // 6a: the proof is longer than the new tree is high.
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      // 6b
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = shiftRight(fn);
        sn = shiftRight(sn);
      }
    } else {
      // 6c
      sr = nodeHash(sr, c);
    }
    fn = shiftRight(fn);
    sn = shiftRight(sn);
  }
  // Step 7.
  return fr.equals(firstHash) && sr.equals(secondHash) && sn === 0;
}

// ---------------------------------------------------------------------------------------------
// Reading the proof document

/** Canonical base64 only: one text per byte string, so nothing can hide in the encoding. */
function base64Field(value, name, length) {
  if (typeof value !== 'string') throw new NotValid(`${name} is missing or not a base64 string.`);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.toString('base64') !== value) throw new NotValid(`${name} is not canonical base64.`);
  if (length !== undefined && bytes.length !== length) throw new NotValid(`${name} is ${bytes.length} bytes, not ${length}.`);
  return bytes;
}

function countField(value, name) {
  if (!Number.isSafeInteger(value) || value < 0) throw new NotValid(`${name} is not a whole number from 0 to 2^53 - 1.`);
  return value;
}

function hashList(value, name) {
  if (!Array.isArray(value)) throw new NotValid(`${name} is missing or not a list.`);
  return value.map((element, i) => base64Field(element, `${name}[${i}]`, HASH_BYTES));
}

function objectField(value, name) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new NotValid(`${name} is missing or not an object.`);
  return value;
}

function readCheckpoint(value, name) {
  const checkpoint = objectField(value, name);
  return {
    name,
    treeSize: countField(checkpoint.treeSize, `${name}.treeSize`),
    rootHash: base64Field(checkpoint.rootHash, `${name}.rootHash`, HASH_BYTES),
    timestamp: countField(checkpoint.timestamp, `${name}.timestamp`),
    signature: base64Field(checkpoint.signature, `${name}.signature`, ED25519_SIGNATURE_BYTES),
    publicKey: base64Field(checkpoint.publicKey, `${name}.publicKey`, ED25519_KEY_BYTES),
  };
}

/** The signed text, byte for byte as Bolwerk's src/audit/checkpoint-note.ts writes it. */
function checkpointNote(checkpoint) {
  return `${CHECKPOINT_ORIGIN}\n${checkpoint.treeSize}\n${checkpoint.rootHash.toString('base64')}\n${checkpoint.timestamp}\n`;
}

function ed25519PublicKey(raw) {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function verifyCheckpointSignature(checkpoint, trustedKey) {
  // A pinned key must be the one that signed; otherwise anyone could sign a proof with their own.
  if (trustedKey !== undefined && !checkpoint.publicKey.equals(trustedKey)) {
    throw new NotValid(`${checkpoint.name} is signed by key ${checkpoint.publicKey.toString('base64')}, not by the trusted key ${trustedKey.toString('base64')}.`);
  }
  let valid;
  try {
    valid = verify(null, Buffer.from(checkpointNote(checkpoint), 'utf8'), ed25519PublicKey(checkpoint.publicKey), checkpoint.signature);
  } catch {
    // A public key that is not a point on the curve cannot have signed anything.
    valid = false;
  }
  if (!valid) throw new NotValid(`the signature on ${checkpoint.name} does not match its tree size, root and timestamp.`);
}

function describeCheckpoint(checkpoint) {
  return `${checkpoint.treeSize} entries, root ${checkpoint.rootHash.toString('base64')}, signed ${describeTime(checkpoint.timestamp)}`;
}

function describeTime(milliseconds) {
  const date = new Date(milliseconds);
  return Number.isNaN(date.getTime()) ? `at ${milliseconds} ms` : date.toISOString();
}

// ---------------------------------------------------------------------------------------------
// The two kinds of proof

function checkInclusion(document, trustedKey) {
  const leafIndex = countField(document.leafIndex, 'leafIndex');
  const checkpoint = readCheckpoint(document.checkpoint, 'checkpoint');
  const proof = hashList(document.proof, 'proof');
  const hash = inclusionLeafHash(document);

  verifyCheckpointSignature(checkpoint, trustedKey);
  if (leafIndex >= checkpoint.treeSize) throw new NotValid(`entry ${leafIndex} is beyond the checkpoint's ${checkpoint.treeSize} entries.`);
  if (!verifyInclusion(hash, leafIndex, checkpoint.treeSize, proof, checkpoint.rootHash)) {
    throw new NotValid(`the inclusion proof does not lead from entry ${leafIndex} to the checkpoint's root.`);
  }
  return `VALID: entry ${leafIndex} (leaf hash ${hash.toString('base64')}) is in the audit trail of ${describeCheckpoint(checkpoint)}.`;
}

/** The leaf hash: computed from the entry when it is given (and then it must match leafHash). */
function inclusionLeafHash(document) {
  const given = document.leafHash === undefined ? undefined : base64Field(document.leafHash, 'leafHash', HASH_BYTES);
  if (document.entry === undefined) {
    if (given === undefined) throw new NotValid('the proof gives neither the entry nor its leafHash.');
    return given;
  }
  const computed = leafHash(base64Field(document.entry, 'entry'));
  if (given !== undefined && !given.equals(computed)) throw new NotValid('the entry does not hash to the leafHash given with it.');
  return computed;
}

function checkConsistency(document, trustedKey) {
  const from = readCheckpoint(document.from, 'from');
  const to = readCheckpoint(document.to, 'to');
  const proof = hashList(document.proof, 'proof');

  verifyCheckpointSignature(from, trustedKey);
  verifyCheckpointSignature(to, trustedKey);
  if (trustedKey === undefined && !from.publicKey.equals(to.publicKey)) {
    process.stderr.write('warning: the two checkpoints are signed by different keys.\n');
  }
  if (from.treeSize > to.treeSize) throw new NotValid(`the later checkpoint has fewer entries (${to.treeSize}) than the earlier one (${from.treeSize}).`);
  if (!verifyConsistency(from.treeSize, to.treeSize, from.rootHash, to.rootHash, proof)) {
    throw new NotValid(`the consistency proof does not show that the trail of ${to.treeSize} entries extends the trail of ${from.treeSize} entries: history was changed, or the proof is wrong.`);
  }
  return `VALID: the audit trail of ${describeCheckpoint(to)} extends the trail of ${describeCheckpoint(from)}: no earlier entry was changed or removed.`;
}

// ---------------------------------------------------------------------------------------------
// Command line

function parseArguments(args) {
  let proofFile;
  let keyFile;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--public-key' || arg.startsWith('--public-key=')) {
      if (keyFile !== undefined) throw new BadInput('give --public-key once.');
      keyFile = arg === '--public-key' ? args[++i] : arg.slice('--public-key='.length);
      if (keyFile === undefined || keyFile === '') throw new BadInput('--public-key takes a file.');
    } else if (arg.startsWith('-')) {
      throw new BadInput(`unknown option ${arg}.`);
    } else if (proofFile === undefined) {
      proofFile = arg;
    } else {
      throw new BadInput('give one proof file.');
    }
  }
  if (proofFile === undefined) throw new BadInput('give the proof file to check.');
  return { proofFile, keyFile };
}

function readText(file, what) {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new BadInput(`cannot read the ${what} ${file}: ${error.code ?? error.message}.`);
  }
}

function readProofDocument(file) {
  let document;
  try {
    document = JSON.parse(readText(file, 'proof file'));
  } catch (error) {
    if (error instanceof BadInput) throw error;
    throw new BadInput(`${file} is not JSON: ${error.message}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new BadInput(`${file} does not hold a JSON object.`);
  if (document.type !== 'inclusion' && document.type !== 'consistency') throw new BadInput(`${file} is not a Bolwerk audit proof ("type" must be "inclusion" or "consistency").`);
  return document;
}

/** The trusted key as 32 raw bytes, from base64 of the raw key or from a PEM public key. */
function readTrustedKey(file) {
  const text = readText(file, 'public key file').trim();
  if (text.startsWith('-----BEGIN')) {
    let der;
    try {
      const key = createPublicKey(text);
      if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType} key`);
      der = key.export({ format: 'der', type: 'spki' });
    } catch (error) {
      throw new BadInput(`${file} does not hold an Ed25519 public key (${error.message}).`);
    }
    return der.subarray(ED25519_SPKI_PREFIX.length);
  }
  const raw = Buffer.from(text, 'base64');
  if (raw.length !== ED25519_KEY_BYTES || raw.toString('base64') !== text) {
    throw new BadInput(`${file} holds neither a PEM public key nor the base64 of a raw 32-byte Ed25519 key.`);
  }
  return raw;
}

function main(args) {
  let options;
  let document;
  let trustedKey;
  try {
    options = parseArguments(args);
    document = readProofDocument(options.proofFile);
    trustedKey = options.keyFile === undefined ? undefined : readTrustedKey(options.keyFile);
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}\n`);
    return EXIT_BAD_INPUT;
  }

  if (trustedKey === undefined) {
    process.stderr.write('warning: no --public-key given; trusting the public key inside the proof file. Pin the key you got from the operator.\n');
  }
  try {
    const verdict = document.type === 'inclusion' ? checkInclusion(document, trustedKey) : checkConsistency(document, trustedKey);
    process.stdout.write(`${verdict}\n`);
    return EXIT_VALID;
  } catch (error) {
    if (!(error instanceof NotValid)) throw error;
    process.stdout.write(`NOT VALID: ${error.message}\n`);
    return EXIT_NOT_VALID;
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  // A fault in this tool is no verdict on the proof: never let it pass for "not valid" (1).
  process.stderr.write(`error: the verifier failed unexpectedly: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = EXIT_BAD_INPUT;
}

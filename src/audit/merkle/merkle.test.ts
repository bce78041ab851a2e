import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Frontier } from './frontier.js';
import { EMPTY_ROOT, leafHash, nodeHash, rootOfLeafHashes, splitPoint } from './hashing.js';
import { memoryTreeSource } from './memory-source.js';
import {
  consistencyProof,
  consistencyProofRanges,
  inclusionProof,
  inclusionProofRanges,
  ProofRequestError,
  verifyConsistency,
  verifyInclusion,
  type LeafRange,
  type TreeSource,
} from './proofs.js';

// The audit trail is only as tamper-evident as its Merkle tree. These tests pin the tree to the
// published RFC 6962 / RFC 9162 vectors, check every proof over many random trees, and then
// attack the proofs the way a log operator rewriting history would.
//
// Known answers come from github.com/transparency-dev/merkle (formerly in
// google/certificate-transparency-go, package merkle):
//   - testonly/constants.go: LeafInputs, NodeHashes, RootHashes, CompactTrees, EmptyRootHash
//   - proof/verify_test.go:  inclusionProofs, consistencyProofs (leaf indexes there are 1-based)
//   - proof/proof_test.go:   TestInclusion, TestConsistency (which nodes make up each proof)
//   - rfc6962/rfc6962_test.go: TestRFC6962Hasher

const hex = (text: string): Buffer => Buffer.from(text, 'hex');

const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);

/** NodeHashes(): [level][index] of the 8-leaf tree built from LEAF_INPUTS. */
const NODES: readonly (readonly Buffer[])[] = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ].map(hex),
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ].map(hex),
  ['d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'].map(hex),
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'].map(hex),
];

const LEAF_HASHES = NODES[0] as readonly Buffer[];

function node(level: number, index: number): Buffer {
  const hash = NODES[level]?.[index];
  if (hash === undefined) throw new Error(`No node ${level}/${index} in the vectors.`);
  return hash;
}

/** RootHashes(): the root of the first n leaves, n = 0..8. */
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(hex);

function rootOf(size: number): Buffer {
  const root = ROOTS[size];
  if (root === undefined) throw new Error(`No root for size ${size} in the vectors.`);
  return root;
}

/** CompactTrees(): the frontier of each size n = 0..8, as [level, index] of NODES. */
const COMPACT_TREES: readonly (readonly [number, number])[][] = [
  [],
  [[0, 0]],
  [[1, 0]],
  [[1, 0], [0, 2]],
  [[2, 0]],
  [[2, 0], [0, 4]],
  [[2, 0], [1, 2]],
  [[2, 0], [1, 2], [0, 6]],
  [[3, 0]],
];

/** verify_test.go inclusionProofs, with the leaf index made 0-based. */
const INCLUSION_VECTORS = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'],
  },
  {
    index: 5,
    size: 8,
    proof: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'],
  },
].map((vector) => ({ ...vector, proof: vector.proof.map(hex) }));

/** verify_test.go consistencyProofs. */
const CONSISTENCY_VECTORS = [
  { oldSize: 1, newSize: 1, proof: [] },
  {
    oldSize: 1,
    newSize: 8,
    proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'],
  },
  {
    oldSize: 6,
    newSize: 8,
    proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'],
  },
  { oldSize: 2, newSize: 5, proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
  {
    oldSize: 6,
    newSize: 7,
    proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'],
  },
].map((vector) => ({ ...vector, proof: vector.proof.map(hex) }));

/**
 * proof_test.go TestInclusion / TestConsistency: the tree nodes [level, index] making up each
 * proof. `rehash` [begin, end) marks nodes the Go code folds into one (the root of a right edge
 * that is not a perfect subtree); here that is one range of leaves.
 */
type NodeId = readonly [number, number];
interface ShapeVector {
  readonly a: number;
  readonly b: number;
  readonly nodes: readonly NodeId[];
  readonly rehash?: readonly [number, number];
}

const INCLUSION_SHAPES: readonly ShapeVector[] = [
  { a: 0, b: 1, nodes: [] },
  { a: 0, b: 2, nodes: [[0, 1]] },
  { a: 1, b: 2, nodes: [[0, 0]] },
  { a: 1, b: 3, nodes: [[0, 0], [0, 2]] },
  { a: 0, b: 7, nodes: [[0, 1], [1, 1], [0, 6], [1, 2]], rehash: [2, 4] },
  { a: 1, b: 7, nodes: [[0, 0], [1, 1], [0, 6], [1, 2]], rehash: [2, 4] },
  { a: 2, b: 7, nodes: [[0, 3], [1, 0], [0, 6], [1, 2]], rehash: [2, 4] },
  { a: 3, b: 7, nodes: [[0, 2], [1, 0], [0, 6], [1, 2]], rehash: [2, 4] },
  { a: 4, b: 7, nodes: [[0, 5], [0, 6], [2, 0]] },
  { a: 5, b: 7, nodes: [[0, 4], [0, 6], [2, 0]] },
  { a: 6, b: 7, nodes: [[1, 2], [2, 0]] },
  { a: 2, b: 4, nodes: [[0, 3], [1, 0]] },
  { a: 3, b: 5, nodes: [[0, 2], [1, 0], [0, 4]] },
  { a: 3, b: 6, nodes: [[0, 2], [1, 0], [1, 2]] },
  { a: 4, b: 6, nodes: [[0, 5], [2, 0]] },
  { a: 10, b: 15, nodes: [[0, 11], [1, 4], [0, 14], [1, 6], [3, 0]], rehash: [2, 4] },
  { a: 24, b: 31, nodes: [[0, 25], [1, 13], [0, 30], [1, 14], [3, 2], [4, 0]], rehash: [2, 4] },
  { a: 81, b: 95, nodes: [[0, 80], [1, 41], [2, 21], [0, 94], [1, 46], [2, 22], [4, 4], [6, 0]], rehash: [3, 6] },
];

const CONSISTENCY_SHAPES: readonly ShapeVector[] = [
  { a: 1, b: 2, nodes: [[0, 1]] },
  { a: 1, b: 4, nodes: [[0, 1], [1, 1]] },
  { a: 1, b: 6, nodes: [[0, 1], [1, 1], [1, 2]] },
  { a: 2, b: 3, nodes: [[0, 2]] },
  { a: 2, b: 8, nodes: [[1, 1], [2, 1]] },
  { a: 3, b: 7, nodes: [[0, 2], [0, 3], [1, 0], [0, 6], [1, 2]], rehash: [3, 5] },
  { a: 4, b: 7, nodes: [[0, 6], [1, 2]], rehash: [0, 2] },
  { a: 5, b: 7, nodes: [[0, 4], [0, 5], [0, 6], [2, 0]] },
  { a: 6, b: 7, nodes: [[1, 2], [0, 6], [2, 0]] },
  { a: 7, b: 8, nodes: [[0, 6], [0, 7], [1, 2], [2, 0]] },
  { a: 1, b: 1, nodes: [] },
  { a: 2, b: 2, nodes: [] },
  { a: 3, b: 3, nodes: [] },
  { a: 4, b: 4, nodes: [] },
  { a: 5, b: 5, nodes: [] },
  { a: 7, b: 7, nodes: [] },
  { a: 8, b: 8, nodes: [] },
  { a: 2, b: 4, nodes: [[1, 1]] },
  { a: 3, b: 5, nodes: [[0, 2], [0, 3], [1, 0], [0, 4]] },
  { a: 3, b: 6, nodes: [[0, 2], [0, 3], [1, 0], [1, 2]] },
  { a: 4, b: 6, nodes: [[1, 2]] },
  { a: 1, b: 7, nodes: [[0, 1], [1, 1], [0, 6], [1, 2]], rehash: [2, 4] },
  { a: 10, b: 15, nodes: [[1, 4], [1, 5], [0, 14], [1, 6], [3, 0]], rehash: [2, 4] },
  { a: 24, b: 31, nodes: [[3, 2], [0, 30], [1, 14], [2, 6], [4, 0]], rehash: [1, 4] },
  { a: 81, b: 95, nodes: [[0, 80], [0, 81], [1, 41], [2, 21], [0, 94], [1, 46], [2, 22], [4, 4], [6, 0]], rehash: [4, 7] },
];

/** The leaf ranges a shape vector names, folding the rehashed nodes into one range. */
function rangesOfShape(shape: ShapeVector): LeafRange[] {
  const rangeOf = ([level, index]: NodeId): LeafRange => ({ start: index * 2 ** level, end: (index + 1) * 2 ** level });
  const [begin, end] = shape.rehash ?? [shape.nodes.length, shape.nodes.length];
  const folded = shape.nodes.slice(begin, end).map(rangeOf);
  const merged: LeafRange[] =
    folded.length === 0 ? [] : [{ start: Math.min(...folded.map((r) => r.start)), end: Math.max(...folded.map((r) => r.end)) }];
  return [...shape.nodes.slice(0, begin).map(rangeOf), ...merged, ...shape.nodes.slice(end).map(rangeOf)];
}

// ---------------------------------------------------------------------------------------------
// Helpers

function flipBit(buffer: Buffer, bit: number): Buffer {
  const copy = Buffer.from(buffer);
  const byte = Math.floor(bit / 8);
  copy[byte] = (copy[byte] ?? 0) ^ (1 << bit % 8);
  return copy;
}

/** Deterministic pseudo-random leaf hashes, so a failure names a reproducible tree. */
function leavesOf(count: number, seed = 'bolwerk'): Buffer[] {
  return Array.from({ length: count }, (_, i) => leafHash(`${seed}:${i}`));
}

/** A small deterministic PRNG (mulberry32) for sampling indexes and sizes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Wraps a source and counts what it is asked, to hold proofs to O(log n) reads. */
function countingSource(inner: TreeSource): { source: TreeSource; calls: () => number } {
  let calls = 0;
  return {
    source: {
      rangeRoot: async (start, end) => {
        calls++;
        return inner.rangeRoot(start, end);
      },
    },
    calls: () => calls,
  };
}

/**
 * A tree of `size` identical leaves: every range root depends only on the range's width, so a
 * tree of 2^52 leaves costs a few hundred hashes. It drives sizes far past 32 bits.
 */
function uniformTreeSource(leaf: Buffer): TreeSource {
  const cache = new Map<number, Buffer>();
  function widthRoot(width: number): Buffer {
    const cached = cache.get(width);
    if (cached !== undefined) return cached;
    const k = splitPoint(width);
    const root = width === 1 ? leaf : nodeHash(widthRoot(k), widthRoot(width - k));
    cache.set(width, root);
    return root;
  }
  return { rangeRoot: async (start, end) => widthRoot(end - start) };
}

// The RFC's recursive definitions, word for word over arrays: a reference to hold the
// iterative generator to (slow, so used on small trees only).
function referencePath(m: number, leaves: readonly Buffer[]): Buffer[] {
  const n = leaves.length;
  if (n === 1) return [];
  const k = splitPoint(n);
  if (m < k) return [...referencePath(m, leaves.slice(0, k)), rootOfLeafHashes(leaves.slice(k))];
  return [...referencePath(m - k, leaves.slice(k)), rootOfLeafHashes(leaves.slice(0, k))];
}

function referenceSubproof(m: number, leaves: readonly Buffer[], oldRootIsKnown: 'known' | 'unknown'): Buffer[] {
  const n = leaves.length;
  if (m === n) return oldRootIsKnown === 'known' ? [] : [rootOfLeafHashes(leaves)];
  const k = splitPoint(n);
  if (m <= k) return [...referenceSubproof(m, leaves.slice(0, k), oldRootIsKnown), rootOfLeafHashes(leaves.slice(k))];
  return [...referenceSubproof(m - k, leaves.slice(k), 'unknown'), rootOfLeafHashes(leaves.slice(0, k))];
}

// ---------------------------------------------------------------------------------------------

describe('RFC 9162 hashing (known answers)', () => {
  it('hashes the empty tree, a leaf and a node as the published vectors say', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(EMPTY_ROOT.equals(createHash('sha256').digest())).toBe(true);
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(leafHash('L123456').toString('hex')).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
    expect(nodeHash(Buffer.from('N123'), Buffer.from('N456')).toString('hex')).toBe('aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb');
  });

  it('hashes the eight reference leaves to the published leaf hashes', () => {
    expect(LEAF_INPUTS.map((input) => leafHash(input).toString('hex'))).toEqual(LEAF_HASHES.map((hash) => hash.toString('hex')));
  });

  it('gives the published root for every size 0..8 (rootOfLeafHashes)', () => {
    for (let size = 0; size <= 8; size++) {
      expect(rootOfLeafHashes(LEAF_HASHES.slice(0, size)).toString('hex'), `size ${size}`).toBe(rootOf(size).toString('hex'));
    }
  });

  it('gives the published root and compact range for every size 0..8 (Frontier)', () => {
    const frontier = Frontier.empty();
    for (let size = 0; size <= 8; size++) {
      if (size > 0) frontier.append(LEAF_HASHES[size - 1] as Buffer);
      expect(frontier.size).toBe(size);
      expect(frontier.root().toString('hex'), `size ${size}`).toBe(rootOf(size).toString('hex'));
      const expected = (COMPACT_TREES[size] ?? []).map(([level, index]) => node(level, index).toString('hex'));
      expect(frontier.hashes.map((hash) => hash.toString('hex')), `size ${size}`).toEqual(expected);
    }
  });

  it('agrees with rootOfLeafHashes and a rebuilt Frontier on random trees up to 300 leaves', () => {
    const leaves = leavesOf(300);
    const frontier = Frontier.empty();
    for (const [i, leaf] of leaves.entries()) {
      frontier.append(leaf);
      const root = rootOfLeafHashes(leaves.slice(0, i + 1));
      expect(frontier.root().equals(root), `size ${i + 1}`).toBe(true);
      expect(Frontier.from(frontier.size, frontier.hashes).root().equals(root)).toBe(true);
    }
  });

  it('tells of every perfect subtree an append completes, with the right hash', () => {
    const frontier = Frontier.empty();
    const completed: string[] = [];
    for (let i = 0; i < 8; i++) {
      frontier.append(LEAF_HASHES[i] as Buffer, (level, index, hash) => {
        expect(hash.equals(node(level, index))).toBe(true);
        completed.push(`${level}/${index}`);
      });
    }
    expect(completed).toEqual(['1/0', '1/1', '2/0', '1/2', '1/3', '2/1', '3/0']);
  });

  it('refuses a frontier whose hash count does not match its size', () => {
    const hashes = [node(2, 0), node(1, 2), node(0, 6)];

    expect(Frontier.from(7, hashes).root().equals(rootOf(7))).toBe(true);
    expect(() => Frontier.from(7, hashes.slice(0, 2))).toThrow(/subtree roots/);
    expect(() => Frontier.from(6, hashes)).toThrow(/subtree roots/);
    expect(() => Frontier.from(8, hashes)).toThrow(/subtree roots/);
    expect(() => Frontier.from(0, [node(0, 0)])).toThrow(/subtree roots/);
    expect(() => Frontier.from(-1, [])).toThrow(/Invalid tree size/);
    expect(() => Frontier.from(1.5, [node(0, 0)])).toThrow(/Invalid tree size/);
    expect(() => Frontier.from(1, [node(0, 0).subarray(0, 31)])).toThrow(/32 bytes/);
  });

  it('does not let a caller change a frontier through the hashes it handed out', () => {
    const frontier = Frontier.from(4, [node(2, 0)]);
    (frontier.hashes[0] as Buffer).fill(0);
    expect(frontier.root().equals(rootOf(4))).toBe(true);
  });

  it('keeps a leaf from passing for an interior node (second preimage)', () => {
    // Without the 0x00/0x01 prefixes, a "leaf" whose bytes are two child hashes would hash to
    // their parent, and a 2-leaf tree could claim the root of the 4-leaf tree.
    const forgedLeft = leafHash(Buffer.concat([node(0, 0), node(0, 1)]));
    const forgedRight = leafHash(Buffer.concat([node(0, 2), node(0, 3)]));

    expect(forgedLeft.equals(node(1, 0))).toBe(false);
    expect(rootOfLeafHashes([forgedLeft, forgedRight]).equals(rootOf(4))).toBe(false);
    expect(verifyInclusion(forgedLeft, 0, 2, [node(1, 1)], rootOf(4))).toBe(false);
    expect(verifyInclusion(forgedLeft, 0, 4, [node(0, 1), node(1, 1)], rootOf(4))).toBe(false);
  });

  it('rejects an interior node presented as a leaf of the full-size tree', () => {
    // The tree size fixes the proof length, so node g cannot stand in for leaf a at size 4.
    expect(verifyInclusion(node(1, 0), 0, 4, [node(1, 1)], rootOf(4))).toBe(false);
    expect(verifyInclusion(node(1, 0), 0, 4, [node(0, 1), node(1, 1)], rootOf(4))).toBe(false);
  });
});

describe('proof shapes (known answers)', () => {
  it.each(INCLUSION_SHAPES)('names the published nodes for the path of leaf $a in a tree of $b', (shape) => {
    expect(inclusionProofRanges(shape.a, shape.b)).toEqual(rangesOfShape(shape));
  });

  it.each(CONSISTENCY_SHAPES)('names the published nodes for the proof from $a to $b leaves', (shape) => {
    expect(consistencyProofRanges(shape.a, shape.b)).toEqual(rangesOfShape(shape));
  });

  it('refuses to plan proofs that do not exist', () => {
    expect(() => inclusionProofRanges(0, 0)).toThrow(ProofRequestError);
    expect(() => inclusionProofRanges(1, 0)).toThrow(ProofRequestError);
    expect(() => inclusionProofRanges(2, 1)).toThrow(ProofRequestError);
    expect(() => inclusionProofRanges(8, 7)).toThrow(ProofRequestError);
    expect(() => inclusionProofRanges(-1, 7)).toThrow(ProofRequestError);
    expect(() => inclusionProofRanges(0.5, 7)).toThrow(ProofRequestError);
    expect(() => inclusionProofRanges(0, 2 ** 53)).toThrow(ProofRequestError);
    expect(() => consistencyProofRanges(5, 0)).toThrow(ProofRequestError);
    expect(() => consistencyProofRanges(9, 8)).toThrow(ProofRequestError);
    expect(() => consistencyProofRanges(-1, 8)).toThrow(ProofRequestError);
    expect(() => consistencyProofRanges(1, Number.NaN)).toThrow(ProofRequestError);
  });
});

describe('inclusion proofs (known answers)', () => {
  const source = memoryTreeSource(LEAF_HASHES);

  it.each(INCLUSION_VECTORS)('generates and verifies the published path of leaf $index in a tree of $size', async ({ index, size, proof }) => {
    const generated = await inclusionProof(index, size, memoryTreeSource(LEAF_HASHES.slice(0, size)));

    expect(generated.map((h) => h.toString('hex'))).toEqual(proof.map((h) => h.toString('hex')));
    expect(verifyInclusion(LEAF_HASHES[index] as Buffer, index, size, proof, rootOf(size))).toBe(true);
  });

  it('proves every leaf of every reference tree of 1..8 leaves against the published roots', async () => {
    for (let size = 1; size <= 8; size++) {
      for (let index = 0; index < size; index++) {
        const proof = await inclusionProof(index, size, source);
        expect(verifyInclusion(LEAF_HASHES[index] as Buffer, index, size, proof, rootOf(size)), `${index} of ${size}`).toBe(true);
      }
    }
  });

  it.each(INCLUSION_VECTORS.filter((vector) => vector.size > 1))('rejects every corruption of the published path of leaf $index in $size', ({ index, size, proof }) => {
    const leaf = LEAF_HASHES[index] as Buffer;
    const root = rootOf(size);
    const someHash = hex('abacaba000000000000000000000000000000000000000000060061e00123456');
    const probes: [string, Buffer, number, number, Buffer[], Buffer][] = [
      ['index - 1', leaf, index - 1, size, proof, root],
      ['index + 1', leaf, index + 1, size, proof, root],
      ['index ^ 2', leaf, index ^ 2, size, proof, root],
      ['size * 2', leaf, index, size * 2, proof, root],
      ['size / 2', leaf, index, Math.floor(size / 2), proof, root],
      ['wrong leaf', leafHash('WrongLeaf'), index, size, proof, root],
      ['empty root', leaf, index, size, proof, EMPTY_ROOT],
      ['random root', leaf, index, size, proof, someHash],
      ['trailing garbage', leaf, index, size, [...proof, Buffer.alloc(0)], root],
      ['trailing root', leaf, index, size, [...proof, root], root],
      ['preceding garbage', leaf, index, size, [Buffer.alloc(0), ...proof], root],
      ['preceding root', leaf, index, size, [root, ...proof], root],
      ['removed component', leaf, index, size, proof.slice(0, -1), root],
      ['inserted component', leaf, index, size, [proof[0] as Buffer, someHash, ...proof.slice(1)], root],
      ...proof.map((_, i): [string, Buffer, number, number, Buffer[], Buffer] => [`proof[${i}] bit 3`, leaf, index, size, proof.map((h, j) => (j === i ? flipBit(h, 3) : h)), root]),
    ];
    for (const [description, probeLeaf, probeIndex, probeSize, probeProof, probeRoot] of probes) {
      expect(verifyInclusion(probeLeaf, probeIndex, probeSize, probeProof, probeRoot), description).toBe(false);
    }
  });

  it('verifies the single leaf of a one-leaf tree only against its own hash', () => {
    const hash = leafHash('data');

    expect(verifyInclusion(hash, 0, 1, [], hash)).toBe(true);
    expect(verifyInclusion(hash, 0, 1, [], Buffer.alloc(0))).toBe(false);
    expect(verifyInclusion(Buffer.alloc(0), 0, 1, [], hash)).toBe(false);
    expect(verifyInclusion(hash, 0, 1, [], EMPTY_ROOT)).toBe(false);
  });

  it('rejects any inclusion in an empty tree or beyond the tree', () => {
    for (const [index, size] of [[0, 0], [1, 0], [1, 1], [2, 1], [8, 8]] as const) {
      expect(verifyInclusion(LEAF_HASHES[0] as Buffer, index, size, [], EMPTY_ROOT), `${index} of ${size}`).toBe(false);
      expect(verifyInclusion(LEAF_HASHES[0] as Buffer, index, size, [], rootOf(1)), `${index} of ${size}`).toBe(false);
    }
  });
});

describe('consistency proofs (known answers)', () => {
  it.each(CONSISTENCY_VECTORS)('generates and verifies the published proof from $oldSize to $newSize leaves', async ({ oldSize, newSize, proof }) => {
    const generated = await consistencyProof(oldSize, newSize, memoryTreeSource(LEAF_HASHES.slice(0, newSize)));

    expect(generated.map((h) => h.toString('hex'))).toEqual(proof.map((h) => h.toString('hex')));
    expect(verifyConsistency(oldSize, newSize, rootOf(oldSize), rootOf(newSize), proof)).toBe(true);
  });

  it('proves every pair of reference trees 0..8 consistent against the published roots', async () => {
    const source = memoryTreeSource(LEAF_HASHES);
    for (let newSize = 0; newSize <= 8; newSize++) {
      for (let oldSize = 0; oldSize <= newSize; oldSize++) {
        const proof = await consistencyProof(oldSize, newSize, source);
        expect(verifyConsistency(oldSize, newSize, rootOf(oldSize), rootOf(newSize), proof), `${oldSize} -> ${newSize}`).toBe(true);
      }
    }
  });

  it.each(CONSISTENCY_VECTORS.filter((vector) => vector.proof.length > 0))(
    'rejects every corruption of the published proof from $oldSize to $newSize',
    ({ oldSize, newSize, proof }) => {
      const oldRoot = rootOf(oldSize);
      const newRoot = rootOf(newSize);
      const wrongRoot = leafHash('WrongRoot');
      const probes: [string, number, number, Buffer, Buffer, Buffer[]][] = [
        ['oldSize - 1', oldSize - 1, newSize, oldRoot, newRoot, proof],
        ['oldSize + 1', oldSize + 1, newSize, oldRoot, newRoot, proof],
        ['oldSize ^ 2', oldSize ^ 2, newSize, oldRoot, newRoot, proof],
        ['newSize * 2', oldSize, newSize * 2, oldRoot, newRoot, proof],
        ['newSize / 2', oldSize, Math.floor(newSize / 2), oldRoot, newRoot, proof],
        ['wrong old root', oldSize, newSize, wrongRoot, newRoot, proof],
        ['wrong new root', oldSize, newSize, oldRoot, wrongRoot, proof],
        ['swapped roots', oldSize, newSize, newRoot, oldRoot, proof],
        ['empty proof', oldSize, newSize, oldRoot, newRoot, []],
        ['trailing garbage', oldSize, newSize, oldRoot, newRoot, [...proof, Buffer.alloc(0)]],
        ['trailing old root', oldSize, newSize, oldRoot, newRoot, [...proof, oldRoot]],
        ['trailing new root', oldSize, newSize, oldRoot, newRoot, [...proof, newRoot]],
        ['preceding garbage', oldSize, newSize, oldRoot, newRoot, [Buffer.alloc(0), ...proof]],
        ['preceding old root', oldSize, newSize, oldRoot, newRoot, [oldRoot, ...proof]],
        ['preceding new root', oldSize, newSize, oldRoot, newRoot, [newRoot, ...proof]],
        ['preceding proof[0]', oldSize, newSize, oldRoot, newRoot, [proof[0] as Buffer, ...proof]],
        ['truncated proof', oldSize, newSize, oldRoot, newRoot, proof.slice(0, -1)],
        ...proof.map((_, i): [string, number, number, Buffer, Buffer, Buffer[]] => [`proof[${i}] bit 4`, oldSize, newSize, oldRoot, newRoot, proof.map((h, j) => (j === i ? flipBit(h, 4) : h))]),
      ];
      for (const [description, probeOld, probeNew, probeOldRoot, probeNewRoot, probeProof] of probes) {
        expect(verifyConsistency(probeOld, probeNew, probeOldRoot, probeNewRoot, probeProof), description).toBe(false);
      }
    },
  );

  it('accepts equal sizes only with an empty proof and equal roots', () => {
    expect(verifyConsistency(5, 5, rootOf(5), rootOf(5), [])).toBe(true);
    expect(verifyConsistency(5, 5, rootOf(5), rootOf(4), [])).toBe(false);
    expect(verifyConsistency(5, 5, rootOf(5), rootOf(5), [rootOf(5)])).toBe(false);
    expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(true);
    expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])).toBe(false);
  });

  it('treats every tree as extending the empty tree, whose root is fixed', () => {
    // RFC 9162 defines consistency proofs for 0 < old size only. Bolwerk accepts the empty
    // proof from size 0, but only from the empty tree's real root (SHA-256 of nothing): a
    // checkpoint of zero entries that claims another root is not the empty tree. (The Go
    // reference ignores the old root here; Bolwerk is stricter.)
    expect(verifyConsistency(0, 8, EMPTY_ROOT, rootOf(8), [])).toBe(true);
    expect(verifyConsistency(0, 1, EMPTY_ROOT, rootOf(1), [])).toBe(true);
    expect(verifyConsistency(0, 8, rootOf(1), rootOf(8), [])).toBe(false);
    expect(verifyConsistency(0, 8, EMPTY_ROOT, rootOf(8), [EMPTY_ROOT])).toBe(false);
  });

  it('rejects a consistency proof from a larger tree to a smaller one (time travel)', async () => {
    const proof = await consistencyProof(3, 7, memoryTreeSource(LEAF_HASHES));

    expect(verifyConsistency(7, 3, rootOf(7), rootOf(3), proof)).toBe(false);
    expect(verifyConsistency(1, 0, rootOf(1), EMPTY_ROOT, [])).toBe(false);
    expect(verifyConsistency(2, 1, rootOf(2), rootOf(1), [])).toBe(false);
    await expect(consistencyProof(7, 3, memoryTreeSource(LEAF_HASHES))).rejects.toThrow(ProofRequestError);
  });
});

describe('proofs over random trees', () => {
  it('verifies every inclusion proof of every leaf of every tree of 1..300 leaves', async () => {
    const leaves = leavesOf(300);
    const source = memoryTreeSource(leaves);
    for (let size = 1; size <= 300; size++) {
      const root = rootOfLeafHashes(leaves.slice(0, size));
      for (let index = 0; index < size; index++) {
        const proof = await inclusionProof(index, size, source);
        if (!verifyInclusion(leaves[index] as Buffer, index, size, proof, root)) expect.fail(`leaf ${index} of ${size}`);
      }
    }
  });

  it('matches the RFC recursion word for word on every tree of 1..64 leaves', async () => {
    const leaves = leavesOf(64, 'reference');
    const source = memoryTreeSource(leaves);
    for (let size = 1; size <= 64; size++) {
      const tree = leaves.slice(0, size);
      for (let index = 0; index < size; index++) {
        expect(await inclusionProof(index, size, source), `leaf ${index} of ${size}`).toEqual(referencePath(index, tree));
      }
      for (let oldSize = 1; oldSize < size; oldSize++) {
        expect(await consistencyProof(oldSize, size, source), `${oldSize} -> ${size}`).toEqual(referenceSubproof(oldSize, tree, 'known'));
      }
    }
  });

  it('verifies consistency between every pair of sizes up to 300 leaves', async () => {
    const leaves = leavesOf(300);
    const source = memoryTreeSource(leaves);
    const roots = Array.from({ length: 301 }, (_, size) => rootOfLeafHashes(leaves.slice(0, size)));
    for (let newSize = 0; newSize <= 300; newSize++) {
      for (let oldSize = 0; oldSize <= newSize; oldSize++) {
        const proof = await consistencyProof(oldSize, newSize, source);
        if (!verifyConsistency(oldSize, newSize, roots[oldSize] as Buffer, roots[newSize] as Buffer, proof)) expect.fail(`${oldSize} -> ${newSize}`);
      }
    }
  });

  it.each([1024, 1025, 4096, 4097])('verifies sampled inclusion and consistency proofs in a tree of %i leaves', async (size) => {
    const leaves = leavesOf(size, `large-${size}`);
    const source = memoryTreeSource(leaves);
    const next = random(size);
    const frontier = Frontier.empty();
    const roots: Buffer[] = [EMPTY_ROOT];
    for (const leaf of leaves) {
      frontier.append(leaf);
      roots.push(frontier.root());
    }
    const root = roots[size] as Buffer;
    expect(root.equals(rootOfLeafHashes(leaves))).toBe(true);

    const indexes = [0, 1, size - 2, size - 1, ...Array.from({ length: 200 }, () => Math.floor(next() * size))];
    for (const index of indexes) {
      const proof = await inclusionProof(index, size, source);
      expect(verifyInclusion(leaves[index] as Buffer, index, size, proof, root), `leaf ${index}`).toBe(true);
    }
    for (let i = 0; i < 200; i++) {
      const newSize = 1 + Math.floor(next() * size);
      const oldSize = Math.floor(next() * (newSize + 1));
      const proof = await consistencyProof(oldSize, newSize, source);
      expect(verifyConsistency(oldSize, newSize, roots[oldSize] as Buffer, roots[newSize] as Buffer, proof), `${oldSize} -> ${newSize}`).toBe(true);
    }
  });

  // Identical leaves make every sibling equal to the node beside it, so only positive checks
  // mean something here; the attacks below use trees of distinct leaves.
  it('handles tree sizes far beyond 2^32 without 32-bit truncation', async () => {
    const leaf = leafHash('same');
    const source = uniformTreeSource(leaf);
    const sizes = [2 ** 32 + 1, 2 ** 40 + 12345, 2 ** 52 + 3, Number.MAX_SAFE_INTEGER];
    for (const size of sizes) {
      const root = await source.rangeRoot(0, size);
      for (const index of [0, 2 ** 31, 2 ** 32, size - 2, size - 1]) {
        const proof = await inclusionProof(index, size, source);
        // A verifier that shifted with 32-bit operators would lose the high bits of the index
        // and size here and end its walk early or late.
        expect(verifyInclusion(leaf, index, size, proof, root), `leaf ${index} of ${size}`).toBe(true);
        expect(verifyInclusion(leaf, index, size, proof.slice(1), root)).toBe(false);
      }
      for (const oldSize of [1, 2 ** 31 + 7, 2 ** 32, size - 1]) {
        const proof = await consistencyProof(oldSize, size, source);
        const oldRoot = await source.rangeRoot(0, oldSize);
        expect(verifyConsistency(oldSize, size, oldRoot, root, proof), `${oldSize} -> ${size}`).toBe(true);
      }
    }
  });

  it('asks the tree source for one range root per proof element, O(log n) per proof', async () => {
    const { source, calls } = countingSource(memoryTreeSource(leavesOf(4097)));
    const inclusion = await inclusionProof(2049, 4097, source);
    expect(calls()).toBe(inclusion.length);
    expect(inclusion.length).toBeLessThanOrEqual(13);

    const before = calls();
    const consistency = await consistencyProof(1537, 4097, source);
    expect(calls() - before).toBe(consistency.length);
    expect(consistency.length).toBeLessThanOrEqual(2 * 13);

    const huge = countingSource(uniformTreeSource(leafHash('x')));
    const hugeProof = await consistencyProof(2 ** 40 + 3, Number.MAX_SAFE_INTEGER, huge.source);
    expect(huge.calls()).toBe(hugeProof.length);
    expect(hugeProof.length).toBeLessThanOrEqual(2 * 53);
  });
});

describe('attacks on proofs', () => {
  const size = 37;
  const leaves = leavesOf(size, 'attack');
  const source = memoryTreeSource(leaves);
  const root = rootOfLeafHashes(leaves);

  it('rejects a proof presented for the neighbouring leaf', async () => {
    for (let index = 0; index < size; index++) {
      const proof = await inclusionProof(index, size, source);
      for (const other of [index - 1, index + 1]) {
        if (other < 0 || other >= size) continue;
        expect(verifyInclusion(leaves[index] as Buffer, other, size, proof, root), `proof of ${index} as ${other}`).toBe(false);
        expect(verifyInclusion(leaves[other] as Buffer, other, size, proof, root), `proof of ${index} for leaf ${other}`).toBe(false);
        expect(verifyInclusion(leaves[other] as Buffer, index, size, proof, root), `leaf ${other} at ${index}`).toBe(false);
      }
    }
  });

  it('rejects an inclusion proof with any single bit flipped', async () => {
    const index = 22;
    const proof = await inclusionProof(index, size, source);
    for (let element = 0; element < proof.length; element++) {
      for (let bit = 0; bit < 256; bit++) {
        const forged = proof.map((hash, i) => (i === element ? flipBit(hash, bit) : hash));
        if (verifyInclusion(leaves[index] as Buffer, index, size, forged, root)) expect.fail(`element ${element} bit ${bit}`);
      }
    }
    for (let bit = 0; bit < 256; bit++) {
      if (verifyInclusion(flipBit(leaves[index] as Buffer, bit), index, size, proof, root)) expect.fail(`leaf bit ${bit}`);
    }
  });

  it('rejects a consistency proof with any single bit flipped', async () => {
    const oldRoot = rootOfLeafHashes(leaves.slice(0, 13));
    const proof = await consistencyProof(13, size, source);
    for (let element = 0; element < proof.length; element++) {
      for (let bit = 0; bit < 256; bit++) {
        const forged = proof.map((hash, i) => (i === element ? flipBit(hash, bit) : hash));
        if (verifyConsistency(13, size, oldRoot, root, forged)) expect.fail(`element ${element} bit ${bit}`);
      }
    }
  });

  it('rejects a truncated or extended proof', async () => {
    const proof = await inclusionProof(5, size, source);
    const consistency = await consistencyProof(20, size, source);
    const oldRoot = rootOfLeafHashes(leaves.slice(0, 20));

    expect(verifyInclusion(leaves[5] as Buffer, 5, size, proof.slice(0, -1), root)).toBe(false);
    expect(verifyInclusion(leaves[5] as Buffer, 5, size, proof.slice(1), root)).toBe(false);
    expect(verifyInclusion(leaves[5] as Buffer, 5, size, [...proof, root], root)).toBe(false);
    expect(verifyInclusion(leaves[5] as Buffer, 5, size, [...proof, EMPTY_ROOT], root)).toBe(false);
    expect(verifyConsistency(20, size, oldRoot, root, consistency.slice(0, -1))).toBe(false);
    expect(verifyConsistency(20, size, oldRoot, root, consistency.slice(1))).toBe(false);
    expect(verifyConsistency(20, size, oldRoot, root, [...consistency, root])).toBe(false);
    expect(verifyConsistency(20, size, oldRoot, root, [oldRoot, ...consistency])).toBe(false);
  });

  it('rejects a proof checked against another root', async () => {
    const proof = await inclusionProof(9, size, source);
    const otherRoots = [EMPTY_ROOT, rootOfLeafHashes(leaves.slice(0, size - 1)), rootOfLeafHashes(leavesOf(size, 'other')), flipBit(root, 0)];
    for (const other of otherRoots) expect(verifyInclusion(leaves[9] as Buffer, 9, size, proof, other)).toBe(false);
  });

  it('rejects a consistency proof over a rewritten history', async () => {
    // The auditor holds the signed root of the first 20 entries. The log then changes entry 7
    // and appends more; no proof from the rewritten tree can lead back to the held root.
    const oldRoot = rootOfLeafHashes(leaves.slice(0, 20));
    const rewritten = [...leaves];
    rewritten[7] = leafHash('a quieter version of entry 7');
    const rewrittenSource = memoryTreeSource(rewritten);
    const rewrittenRoot = rootOfLeafHashes(rewritten);

    for (let oldSize = 8; oldSize <= 20; oldSize++) {
      const heldRoot = rootOfLeafHashes(leaves.slice(0, oldSize));
      const proof = await consistencyProof(oldSize, size, rewrittenSource);
      expect(verifyConsistency(oldSize, size, heldRoot, rewrittenRoot, proof), `from ${oldSize}`).toBe(false);
    }
    // The honest proof for the real tree still says nothing about the rewritten one.
    const honest = await consistencyProof(20, size, source);
    expect(verifyConsistency(20, size, oldRoot, rewrittenRoot, honest)).toBe(false);
    expect(verifyConsistency(20, size, oldRoot, root, honest)).toBe(true);
  });

  it('rejects a consistency proof over a truncated history', async () => {
    // A log that dropped its last entries and grew again from there is not an extension.
    const truncated = [...leaves.slice(0, 15), ...leavesOf(size - 15, 'regrown')];
    const proof = await consistencyProof(20, size, memoryTreeSource(truncated));
    expect(verifyConsistency(20, size, rootOfLeafHashes(leaves.slice(0, 20)), rootOfLeafHashes(truncated), proof)).toBe(false);
  });

  it('rejects an old root presented with the wrong size', async () => {
    const proof = await consistencyProof(20, size, source);
    expect(verifyConsistency(20, size, rootOfLeafHashes(leaves.slice(0, 19)), root, proof)).toBe(false);
    expect(verifyConsistency(19, size, rootOfLeafHashes(leaves.slice(0, 20)), root, proof)).toBe(false);
  });

  it('rejects hashes of the wrong length instead of hashing them', async () => {
    const proof = await inclusionProof(3, size, source);
    const leaf = leaves[3] as Buffer;

    expect(verifyInclusion(leaf.subarray(0, 31), 3, size, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, 3, size, proof, Buffer.concat([root, Buffer.of(0)]))).toBe(false);
    expect(verifyInclusion(leaf, 3, size, proof.map((hash, i) => (i === 0 ? Buffer.concat([hash, Buffer.of(0)]) : hash)), root)).toBe(false);
    expect(verifyConsistency(0, size, EMPTY_ROOT.subarray(1), root, [])).toBe(false);
    expect(verifyConsistency(0, size, EMPTY_ROOT, root.subarray(1), [])).toBe(false);
  });

  it('rejects sizes and indexes that are not exact integers', async () => {
    const proof = await inclusionProof(3, size, source);

    for (const bad of [Number.NaN, Infinity, -1, 3.5, 2 ** 53]) {
      expect(verifyInclusion(leaves[3] as Buffer, bad, size, proof, root)).toBe(false);
      expect(verifyInclusion(leaves[3] as Buffer, 3, bad, proof, root)).toBe(false);
      expect(verifyConsistency(bad, size, EMPTY_ROOT, root, [])).toBe(false);
      expect(verifyConsistency(0, bad, EMPTY_ROOT, root, [])).toBe(false);
    }
  });

  it('refuses to generate a proof for a leaf beyond the tree', async () => {
    await expect(inclusionProof(size, size, source)).rejects.toThrow(ProofRequestError);
    await expect(inclusionProof(0, 0, source)).rejects.toThrow(ProofRequestError);
  });
});

describe('memoryTreeSource', () => {
  it('gives the root of any range, aligned or not', async () => {
    const leaves = leavesOf(23);
    const source = memoryTreeSource(leaves);
    for (let start = 0; start < 23; start++) {
      for (let end = start + 1; end <= 23; end++) {
        expect((await source.rangeRoot(start, end)).equals(rootOfLeafHashes(leaves.slice(start, end))), `[${start}, ${end})`).toBe(true);
      }
    }
  });

  it('refuses ranges outside the tree and leaf hashes that are not 32 bytes', async () => {
    const source = memoryTreeSource(leavesOf(4));

    await expect(source.rangeRoot(0, 5)).rejects.toThrow(RangeError);
    await expect(source.rangeRoot(2, 2)).rejects.toThrow(RangeError);
    await expect(source.rangeRoot(-1, 2)).rejects.toThrow(RangeError);
    expect(() => memoryTreeSource([Buffer.alloc(31)])).toThrow(/32 bytes/);
  });

  it('keeps its own copy of the leaves', async () => {
    const leaves = leavesOf(4);
    const source = memoryTreeSource(leaves);
    const before = await source.rangeRoot(0, 4);
    (leaves[0] as Buffer).fill(0);
    expect((await source.rangeRoot(0, 4)).equals(before)).toBe(true);
  });
});

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyConsistency, verifyInclusion } from './merkle.ts';
import { leafHash, MerkleTree } from './tree.ts';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));

/** RFC 9162's MTH, written straight from its definition, as the oracle. */
function mth(hashes: Buffer[]): Buffer {
  if (hashes.length === 0) return createHash('sha256').digest();
  if (hashes.length === 1) return hashes[0]!;
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return createHash('sha256')
    .update(Buffer.of(1))
    .update(mth(hashes.slice(0, k)))
    .update(mth(hashes.slice(k)))
    .digest();
}

function treeOf(hashes: Buffer[]): MerkleTree {
  const tree = new MerkleTree();
  for (const h of hashes) tree.append(h);
  return tree;
}

describe('the transparency log tree (RFC 9162)', () => {
  it('has the roots of the definition at every size', () => {
    const all = leaves(70);
    const tree = treeOf(all);
    for (let n = 0; n <= 70; n++) expect(tree.root(n).equals(mth(all.slice(0, n)))).toBe(true);
  });

  it('proves every leaf of every size up to 40, and no other leaf or root', async () => {
    const all = leaves(40);
    const tree = treeOf(all);
    for (let n = 1; n <= 40; n++) {
      const root = tree.root(n);
      for (let i = 0; i < n; i++) {
        const proof = tree.inclusionProof(i, n);
        expect(await verifyInclusion(all[i]!, i, n, proof, root)).toBe(true);
        expect(await verifyInclusion(all[(i + 1) % n]!, i, n, proof, root)).toBe(n === 1);
        if (n > 1) expect(await verifyInclusion(all[i]!, i, n, proof, tree.root(n - 1))).toBe(false);
      }
    }
  });

  it('proves consistency between any two sizes, and refuses a rewritten past', async () => {
    const all = leaves(33);
    const tree = treeOf(all);
    const forged = treeOf(all.map((h, i) => (i === 5 ? leafHash(Buffer.from('forged')) : h)));
    for (let m = 1; m <= 33; m++) {
      for (let n = m; n <= 33; n++) {
        const proof = tree.consistencyProof(m, n);
        expect(await verifyConsistency(m, n, tree.root(m), tree.root(n), proof)).toBe(true);
        if (m > 5) expect(await verifyConsistency(m, n, forged.root(m), tree.root(n), proof)).toBe(false);
      }
    }
  });

  it('refuses any altered proof (property)', async () => {
    const all = leaves(100);
    const tree = treeOf(all);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 100 }), fc.nat(), fc.nat(), async (n, i0, j0) => {
        const i = i0 % n;
        const proof = tree.inclusionProof(i, n);
        const j = j0 % proof.length;
        const bad = proof.map((p, k) => (k === j ? Buffer.from(p).fill(p[0]! ^ 1, 0, 1) : p));
        expect(await verifyInclusion(all[i]!, i, n, bad, tree.root(n))).toBe(false);
        expect(await verifyInclusion(all[i]!, i, n, proof.slice(1), tree.root(n))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses sizes and indexes outside the tree with a typed error', () => {
    const tree = treeOf(leaves(5));
    expect(() => tree.inclusionProof(5, 5)).toThrow(expect.objectContaining({ code: 'LINKAGE_PROOF_RANGE' }));
    expect(() => tree.root(6)).toThrow(expect.objectContaining({ code: 'LINKAGE_PROOF_RANGE' }));
    expect(() => tree.consistencyProof(4, 3)).toThrow(
      expect.objectContaining({ code: 'LINKAGE_PROOF_RANGE' }),
    );
  });
});

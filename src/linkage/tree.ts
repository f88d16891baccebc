import { createHash } from 'node:crypto';
import { DomainError } from '../kernel/errors.ts';
import { LinkageErrors } from './errors.ts';

const EMPTY_ROOT = createHash('sha256').digest();

export function leafHash(leaf: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(0)).update(leaf).digest();
}

function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

/** Largest power of two strictly below n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The transparency log's Merkle tree (RFC 9162), in memory: level h holds the hash of
 * every complete, aligned subtree of 2^h leaves, 32 bytes each in one growable buffer.
 * Any subtree hash then costs O(log n) hashes and proofs O(log² n) at worst. The tree is
 * rebuilt from the stored leaf hashes at start; the records, not this, are the truth.
 */
export class MerkleTree {
  #levels: { bytes: Uint8Array; count: number }[] = [{ bytes: new Uint8Array(32 * 1024), count: 0 }];

  get size(): number {
    return this.#levels[0]!.count;
  }

  append(hash: Uint8Array): void {
    let level = 0;
    let h = hash;
    for (;;) {
      const lv = this.#level(level);
      this.#push(lv, h);
      if (lv.count % 2 === 1) return;
      h = nodeHash(this.#at(level, lv.count - 2), this.#at(level, lv.count - 1));
      level++;
    }
  }

  /** The root of the tree of the first `size` leaves (MTH(D[0:size])). */
  root(size = this.size): Buffer {
    this.#check(size);
    return size === 0 ? EMPTY_ROOT : this.#mth(0, size);
  }

  leaf(index: number): Uint8Array {
    this.#check(index + 1);
    return this.#at(0, index);
  }

  /** RFC 9162 §2.1.3.1 PATH(index, D[0:size]). */
  inclusionProof(index: number, size: number): Buffer[] {
    this.#check(size);
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new DomainError(LinkageErrors.LINKAGE_PROOF_RANGE, 'index outside the tree');
    }
    const path: Buffer[] = [];
    const walk = (m: number, start: number, n: number): void => {
      if (n <= 1) return;
      const k = split(n);
      if (m < k) {
        walk(m, start, k);
        path.push(this.#mth(start + k, n - k));
      } else {
        walk(m - k, start + k, n - k);
        path.push(this.#mth(start, k));
      }
    };
    walk(index, 0, size);
    return path;
  }

  /** RFC 9162 §2.1.4.1 PROOF(first, D[0:second]). */
  consistencyProof(first: number, second: number): Buffer[] {
    this.#check(second);
    if (!Number.isSafeInteger(first) || first < 0 || first > second) {
      throw new DomainError(LinkageErrors.LINKAGE_PROOF_RANGE, 'first size outside the tree');
    }
    if (first === 0 || first === second) return [];
    const path: Buffer[] = [];
    const sub = (m: number, start: number, n: number, whole: boolean): void => {
      if (m === n) {
        if (!whole) path.push(this.#mth(start, n));
        return;
      }
      const k = split(n);
      if (m <= k) {
        sub(m, start, k, whole);
        path.push(this.#mth(start + k, n - k));
      } else {
        sub(m - k, start + k, n - k, false);
        path.push(this.#mth(start, k));
      }
    };
    sub(first, 0, second, true);
    return path;
  }

  /** MTH(D[start:start+n]); `start` is always a multiple of the largest power of two ≤ n here. */
  #mth(start: number, n: number): Buffer {
    if (n === 1) return Buffer.from(this.#at(0, start));
    const h = Math.log2(n);
    if (Number.isInteger(h) && start % n === 0 && this.#levels[h] && this.#levels[h]!.count > start / n) {
      return Buffer.from(this.#at(h, start / n));
    }
    const k = split(n);
    return nodeHash(this.#mth(start, k), this.#mth(start + k, n - k));
  }

  #check(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) {
      throw new DomainError(LinkageErrors.LINKAGE_PROOF_RANGE, 'size beyond the tree');
    }
  }

  #level(h: number) {
    let lv = this.#levels[h];
    if (!lv) {
      lv = { bytes: new Uint8Array(32 * 1024), count: 0 };
      this.#levels[h] = lv;
    }
    return lv;
  }

  #push(lv: { bytes: Uint8Array; count: number }, h: Uint8Array): void {
    if ((lv.count + 1) * 32 > lv.bytes.length) {
      const bigger = new Uint8Array(lv.bytes.length * 2);
      bigger.set(lv.bytes);
      lv.bytes = bigger;
    }
    lv.bytes.set(h, lv.count * 32);
    lv.count++;
  }

  #at(h: number, i: number): Uint8Array {
    return this.#levels[h]!.bytes.subarray(i * 32, i * 32 + 32);
  }
}

/**
 * `npm run bench -- name-index [--names N]`: the name index alone (src/corporate/name-index.ts),
 * in memory, no database and no HTTP — what a `/4/name` search costs the server before its
 * page is read. N synthetic current names (default 1,000,000; `bango corporate seed
 * --synthetic`'s generator), searched with the corporate benchmark's recipe: prefixes of
 * 3–5 characters and fragments of 3–4 characters from inside names. Baseline in the same
 * run: the same fragments counted by a plain scan of every key (`includes`).
 */
import { compareKeys, type IndexedName, NameIndexBuilder } from '../src/corporate/name-index.ts';
import { fuzzyKey } from '../src/corporate/search-keys.ts';
import { syntheticCorporations } from '../src/corporate/seed.ts';
import { arg, machine, row, typedSearches } from './lib.ts';

const FRAGMENTS = 4000;
/** Fragments the plain scan counts (each reads every key: seconds for a few hundred). */
const SCANNED = 100;

function names(count: number): IndexedName[] {
  const held: IndexedName[] = [];
  let id = 0;
  for (const batch of syntheticCorporations({ count, seed: 42, taken: new Set(), today: '2026-12-01' })) {
    for (const v of batch) {
      id++;
      if (!v.latest || v.hihyoji !== '0' || v.process === '99') continue;
      held.push({ id, number: Number(v.corporateNumber), key: fuzzyKey(v.name), closed: v.closeDate !== '' });
    }
  }
  return held.sort((a, b) => compareKeys(a.key, b.key) || a.number - b.number);
}

const mean = (times: readonly number[]) => times.reduce((a, b) => a + b, 0) / times.length;

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const p99 = sorted[Math.floor(sorted.length * 0.99)]!;
  return `mean ${mean(times).toFixed(3)} ms, p99 ${p99.toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
}

export async function run(): Promise<void> {
  const count = arg('names', 1_000_000);
  console.log(`\nname index — ${machine()}`);
  const held = names(count);
  const t0 = performance.now();
  const builder = new NameIndexBuilder();
  for (const n of held) builder.add(n);
  const index = builder.finish();
  row(
    `build: ${held.length.toLocaleString('en')} current names`,
    `${((performance.now() - t0) / 1000).toFixed(1)} s`,
    `${Math.round(index.bytes / 1e6)} MB`,
  );

  // A sample spread over the ranks (the names are sorted), as the corporate benchmark draws.
  const step = Math.max(1, Math.floor(held.length / 20_000));
  const typed = typedSearches(held.filter((_, i) => i % step === 0).map((n) => Array.from(n.key)));
  const prefixes = [...new Set(typed.prefixes)].slice(0, FRAGMENTS);
  const fragments = [...new Set(typed.fragments)].slice(0, FRAGMENTS);

  const timed = (search: (q: string) => { count: number }, queries: readonly string[]) => {
    const times: number[] = [];
    const full: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      const hit = search(q);
      const ms = performance.now() - t;
      times.push(ms);
      if (hit.count >= 2000) full.push(ms);
    }
    return { times, full };
  };
  const prefix = timed((q) => index.prefix(q, true, 0, 2000), prefixes);
  row(`prefix, ${prefixes.length} distinct, a page of 2,000`, summary(prefix.times));
  // Twice: the first pass also warms the code.
  for (const pass of ['first pass', 'second pass']) {
    const partial = timed((q) => index.partial([q], true, 0, 2000), fragments);
    row(`partial, ${fragments.length} distinct (${pass})`, summary(partial.times));
    if (partial.full.length > 0)
      row(`  of them ${partial.full.length} full pages (≥ 2,000 matches)`, summary(partial.full));
  }
  const keys = held.map((n) => n.key);
  const scanned = fragments.slice(0, SCANNED);
  const scan = timed((q) => {
    let n = 0;
    for (const k of keys) if (k.includes(q)) n++;
    return { count: n };
  }, scanned);
  const indexed = timed((q) => index.partial([q], true, 0, 2000), scanned);
  row(
    `baseline: plain scan of every key, first ${scanned.length} fragments`,
    summary(scan.times),
    `the index ${(mean(scan.times) / mean(indexed.times)).toFixed(0)}× faster on the same`,
  );
}

import { createCipheriv, randomBytes } from 'node:crypto';
import { FF1 } from '../src/numbers/ff1.ts';
import { DecimalFF1Batch } from '../src/numbers/ff1-batch.ts';
import { IndividualNumber } from '../src/numbers/individual-number.ts';
import { fromValue, NumberIssuer, plainValue } from '../src/numbers/issuance.ts';
import { IssuancePool } from '../src/numbers/issuance-pool.ts';
import { ResidentRecordCode } from '../src/numbers/resident-record-code.ts';
import { validateNumber } from '../src/numbers/validate.ts';
import { fmt, machine, rate, rateAsync, row } from './lib.ts';

/**
 * `npm run bench -- numbers`: validation and issuance throughput, each with a baseline
 * measured in the same run (the machine is shared and noisy: read the ratios).
 * Targets (issue #2): validation ≥ 10 M/s on one core; issuance ≥ 1 M/s on 2 cores.
 */
export async function run(): Promise<void> {
  console.log(`numbers benchmark — ${machine()}`);

  // --- Validation ---------------------------------------------------------------
  const N = 1_000_000;
  const key = randomBytes(32);
  const issuer = new NumberIssuer(key);
  const codes = Array.from({ length: N }, (_, i) =>
    ResidentRecordCode.fromBody(String(i * 9973).padStart(10, '0')),
  );
  const numbers: string[] = issuer.issueMany(codes);
  for (let i = 0; i < N; i += 10)
    numbers[i] = `${numbers[i]!.slice(0, 11)}${(Number(numbers[i]![11]) + 1) % 10}`;

  const naive = (s: string): boolean => {
    const d = s.normalize('NFKC').replace(/[\s-]/g, '');
    if (!/^\d{12}$/.test(d)) return false;
    const w = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    const r =
      d
        .slice(0, 11)
        .split('')
        .map(Number)
        .reduce((a, x, i) => a + x * w[i]!, 0) % 11;
    return (r <= 1 ? 0 : 11 - r) === Number(d[11]);
  };
  let sink = 0;
  const base = rate(() => {
    for (let i = 0; i < 100_000; i++) if (naive(numbers[i]!)) sink++;
    return 100_000;
  });
  const fast = rate(() => {
    for (let i = 0; i < N; i++) if (IndividualNumber.isValid(numbers[i]!)) sink++;
    return N;
  });
  const full = rate(() => {
    for (let i = 0; i < 100_000; i++) if (validateNumber(numbers[i]!).valid) sink++;
    return 100_000;
  });
  console.log('\nValidation, one core (1,000,000 canonical 12-digit strings, 10% invalid)');
  row('baseline: NFKC + regex + split/reduce', fmt(base));
  row('IndividualNumber.isValid', fmt(fast), `×${(fast / base).toFixed(1)} baseline; target ≥ 10 M/s`);
  row(
    'validateNumber (normalise, infer kind, result object)',
    fmt(full),
    `×${(full / base).toFixed(1)} baseline`,
  );

  // --- Issuance -----------------------------------------------------------------
  const M = 1_000_000;
  const plain = Float64Array.from({ length: M }, (_, i) => plainValue(codes[i % N]!, Math.floor(i / N)));
  const single = new DecimalFF1Batch(key, 11, new TextEncoder().encode('JP-INDIVIDUAL-NUMBER'));
  const plainRate = rate(() => {
    for (let i = 0; i < 20_000; i++) single.encrypt(plain[i]!);
    return 20_000;
  });
  const ref = new FF1(key, 10);
  const tweak = new TextEncoder().encode('JP-INDIVIDUAL-NUMBER');
  const refRate = rate(() => {
    for (let i = 0; i < 2_000; i++) ref.encrypt(String(plain[i]).padStart(11, '0'), tweak);
    return 2_000;
  });
  const ecb = createCipheriv('aes-256-ecb', key, null);
  ecb.setAutoPadding(false);
  const blocks = Buffer.alloc(4096 * 16);
  const aesRate = rate(() => {
    ecb.update(blocks);
    return 4096;
  });
  const out = new Float64Array(M);
  const one = rate(
    () => {
      issuer.issueValues(plain, out);
      return M;
    },
    3000,
    20,
  );
  const strings = rate(
    () => {
      issuer.issueMany(codes.slice(0, 200_000));
      return 200_000;
    },
    3000,
    20,
  );
  const pool = await IssuancePool.start(key, 2);
  const big = new Float64Array(4 * M);
  for (let i = 0; i < big.length; i++) big[i] = plain[i % M]! + Math.floor(i / M) * 1e10 * 2;
  const issued = await pool.issue(big);
  for (let i = 0; i < issued.length; i += 9973) {
    if (!IndividualNumber.isValid(fromValue(issued[i]!))) throw new Error('pool issued an invalid number');
  }
  const two = await rateAsync(
    async () => {
      await pool.issue(big);
      return big.length;
    },
    4000,
    20,
  );
  await pool.close();
  const population = 127_700_000;

  console.log('\nIssuance (FF1, AES-256, 11-digit body + check digit)');
  row(
    'raw AES-256 blocks, batched (ceiling: 10 blocks a number)',
    fmt(aesRate),
    `→ ${fmt(aesRate / 10)} numbers at most per core`,
  );
  row('reference FF1 (general radix, BigInt)', fmt(refRate));
  row('baseline: FF1, one AES call per round, no BigInt', fmt(plainRate));
  row(
    'batched FF1, 1 thread, integers',
    fmt(one),
    `×${(one / plainRate).toFixed(1)} baseline; ${((one / (aesRate / 10)) * 100).toFixed(0)}% of the AES ceiling`,
  );
  row(
    'batched FF1, 1 thread, strings (issueMany)',
    fmt(strings),
    `×${(strings / plainRate).toFixed(1)} baseline`,
  );
  row(
    'batched FF1, pool of 2 worker threads, integers',
    fmt(two),
    `×${(two / plainRate).toFixed(1)} baseline, ×${(two / one).toFixed(2)} one thread; target ≥ 1 M/s`,
  );
  row(
    'whole population (127.7 M) on 2 threads',
    `${(population / two / 60).toFixed(1)} min`,
    'target < 2.5 min',
  );
  if (sink < 0) console.log(sink);
}

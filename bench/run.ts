/**
 * `npm run bench -- <name…>`: runs the named benchmarks (all when none is named).
 * Figures are printed, never asserted: compare the ratios to the baselines measured
 * in the same run, and record them in docs/performance.md.
 */
const BENCHES: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  numbers: () => import('./numbers.ts'),
  registry: () => import('./registry.ts'),
  pki: () => import('./pki.ts'),
  login: () => import('./login.ts'),
  linkage: () => import('./linkage.ts'),
  'linkage-remote': () => import('./linkage-remote.ts'),
  corporate: () => import('./corporate.ts'),
  'name-index': () => import('./name-index.ts'),
  portal: () => import('./portal.ts'),
  driver: () => import('./driver.ts'),
};

const names = process.argv
  .slice(2)
  .filter((a, i, all) => a !== '--' && !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const unknown = names.filter((n) => !(n in BENCHES));
if (unknown.length) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (have: ${Object.keys(BENCHES).join(', ')})`);
  process.exit(2);
}
for (const name of names.length ? names : Object.keys(BENCHES)) {
  const mod = await BENCHES[name]!();
  await mod.run();
}

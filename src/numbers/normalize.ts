/**
 * What people type is not what we store. A number arrives with full-width digits
 * (`６２１４`), spaces (including the ideographic space), and hyphens of many shapes —
 * Japanese input methods often give the long-vowel mark `ー` where a hyphen was meant.
 * NFKC folds the width; then separators are dropped.
 */
const SEPARATORS =
  /[\s\u00a0\u3000\-\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u30fc\ufe58\ufe63\uff0d\uff70]/g;

export function normalizeDigits(input: string): string {
  return input.normalize('NFKC').replace(SEPARATORS, '');
}

export function isAsciiDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

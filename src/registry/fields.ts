import { DomainError } from '../kernel/errors.ts';
import { toKatakana } from '../kernel/japanese-text.ts';
import { RegistryErrors } from './errors.ts';
import { SEXES, type Sex } from './model.ts';

/**
 * Parsing of what a clerk types, field by field. Each refusal names the field; nothing
 * is written unless every field passes.
 */
const CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029]/u;

function invalid(field: string, reason: string): never {
  throw new DomainError(RegistryErrors.REGISTRY_FIELD_INVALID, `${field}: ${reason}`, { field, reason });
}

/** Text as stored: NFC, trimmed, no control or format characters, bounded. */
export function text(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') invalid(field, 'must be text');
  const v = value.normalize('NFC').trim();
  if (v.length === 0) invalid(field, 'must not be empty');
  if (CONTROL.test(v)) invalid(field, 'contains control characters');
  if ([...v].length > max) invalid(field, `at most ${max} characters`);
  return v;
}

/** A name part: text with no spaces inside (family and given names are separate fields). */
export function namePart(field: string, value: unknown): string {
  const v = text(field, value, 30);
  if (/[\s\u3000]/.test(v)) invalid(field, 'must not contain spaces');
  if (/[0-9０-９<>"'&;{}\\/]/.test(v)) invalid(field, 'contains characters a name does not have');
  return v;
}

/** A reading in katakana (hiragana and half-width kana are converted). */
export function kana(field: string, value: unknown): string {
  const v = toKatakana(text(field, value, 60).normalize('NFKC'));
  if (!/^[\u30a1-\u30f6\u30fc\u30fb]+$/.test(v)) invalid(field, 'must be written in kana');
  return v;
}

export function sex(value: unknown): Sex {
  if (typeof value !== 'string' || !(SEXES as readonly string[]).includes(value)) {
    invalid('sex', 'must be 1 (male), 2 (female) or 9 (not applicable)');
  }
  return value as Sex;
}

/** A calendar date YYYY-MM-DD that exists, not before 1868-01-01 (明治). */
export function date(field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new DomainError(RegistryErrors.REGISTRY_DATE_INVALID, `${field}: not YYYY-MM-DD`, { field });
  }
  const t = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value || value < '1868-01-01') {
    throw new DomainError(RegistryErrors.REGISTRY_DATE_INVALID, `${field}: no such date`, { field });
  }
  return value;
}

/** A date that is not after `today`. */
export function pastDate(field: string, value: unknown, today: string): string {
  const d = date(field, value);
  if (d > today)
    throw new DomainError(RegistryErrors.REGISTRY_DATE_INVALID, `${field}: in the future`, { field });
  return d;
}

/**
 * Characters outside the standard set, flagged `1` one per character as the signature
 * certificate carries them (代替文字フラグ). We treat as standard: ASCII, kana, the
 * full-width forms, common punctuation, and the CJK Unified Ideographs block except the
 * well-known variant forms below; CJK extensions and compatibility ideographs are not.
 */
const NON_STANDARD_VARIANTS = new Set([...'髙﨑𠮷德栁琇']);

export function substituteFlags(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const standard =
      (c < 0x80 ||
        (c >= 0x3000 && c <= 0x30ff) ||
        (c >= 0xff01 && c <= 0xff9f) ||
        (c >= 0x4e00 && c <= 0x9fff)) &&
      !NON_STANDARD_VARIANTS.has(ch);
    out += standard ? '0' : '1';
  }
  return out;
}

import { createHash } from 'node:crypto';
import type { Random } from './random.ts';

/**
 * One-time codes handed from one person to another (a proxy invitation, a corporation's
 * invitation to an employee): read aloud or typed, so 20 characters of an alphabet without
 * look-alikes (100 bits). Only the SHA-256 digest is kept.
 */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const LENGTH = 20;

export function newOneTimeCode(random: Random): string {
  const bytes = random.bytes(LENGTH);
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[bytes[i]! & 31];
  return code;
}

export function digestOfCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/** The digest of a code as typed (spaces, hyphens, lower case allowed); null if it cannot be one. */
export function digestOfTypedCode(typed: string): string | null {
  const clean = typed.toUpperCase().replace(/[\s-]/g, '');
  return /^[A-Z2-9]{20}$/.test(clean) ? digestOfCode(clean) : null;
}

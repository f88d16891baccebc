import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether the openssl command line is here to check our outputs with. */
export const hasOpenssl = existsSync('/usr/bin/openssl');

/** A fresh folder holding the given files (PEM certificates, CRLs). */
export function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bango-openssl-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** `openssl verify -crl_check` of `file` in `dir` against ca.pem and crl.pem there, at `at`; throws when refused. */
export function verifyWithCrl(dir: string, file: string, at: Date): string {
  const seconds = String(Math.floor(at.getTime() / 1000));
  return execFileSync(
    'openssl',
    ['verify', '-attime', seconds, '-crl_check', '-CAfile', 'ca.pem', '-CRLfile', 'crl.pem', file],
    { cwd: dir, encoding: 'utf8', stdio: 'pipe' },
  );
}

import { execFile, execFileSync } from 'node:child_process';
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

/**
 * `openssl ocsp` asking `url` about `cert` (in `dir`, issued by ca.pem there); returns
 * what it printed, standard error included (where it says whether the response verified).
 */
export function ocspQuery(dir: string, cert: string, url: string): Promise<string> {
  // Asynchronous: the server answering may be in this very process.
  return new Promise((resolve) => {
    execFile(
      'openssl',
      ['ocsp', '-issuer', 'ca.pem', '-CAfile', 'ca.pem', '-cert', cert, '-url', url, '-timeout', '10'],
      { cwd: dir, encoding: 'utf8', timeout: 20_000 },
      (_error, stdout, stderr) => resolve(`${stdout}${stderr}`),
    );
  });
}

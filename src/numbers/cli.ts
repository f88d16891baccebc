import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../kernel/config.ts';
import { resolveSecrets } from '../kernel/secrets.ts';
import { MAX_GENERATION, NumberIssuer } from './issuance.ts';
import { ResidentRecordCode } from './resident-record-code.ts';
import { NUMBER_KINDS, type NumberKind, validateNumber } from './validate.ts';

/** Exit codes of the CLI: 0 all good, 1 something invalid, 2 a usage error. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

export class UsageError extends Error {}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

async function* inputLines(source: string): AsyncGenerator<string> {
  const stream = source === '-' ? process.stdin : createReadStream(source);
  const rl = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) yield line;
}

function openable(file: string): void {
  if (file === '-') return;
  try {
    if (!statSync(file).isFile()) throw new UsageError(`${file} is not a file`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${file}`);
  }
}

export function registerNumberCommands(program: Command, setExit: (code: number) => void): void {
  const number = program
    .command('number')
    .description('Individual Numbers, Corporate Numbers, local government codes');

  number
    .command('validate')
    .description('Check numbers (digits, length, check digit); "-" reads one value per line from stdin')
    .argument('<values...>', 'numbers to check, or - for stdin')
    .option('--kind <kind>', `one of ${NUMBER_KINDS.join(', ')} (default: told from the length)`)
    .option('--json', 'one JSON object per line: {"input","kind","valid","normalized","error"}')
    .action(async (values: string[], opts: { kind?: string; json?: boolean }) => {
      if (opts.kind !== undefined && !NUMBER_KINDS.includes(opts.kind as NumberKind)) {
        throw new UsageError(`--kind must be one of ${NUMBER_KINDS.join(', ')}`);
      }
      const kind = opts.kind as NumberKind | undefined;
      let invalid = 0;
      const check = (input: string) => {
        const v = validateNumber(input, kind);
        if (!v.valid) invalid++;
        if (opts.json) {
          out(
            JSON.stringify({
              input,
              kind: v.kind,
              valid: v.valid,
              normalized: v.normalized,
              error: v.error?.code ?? null,
            }),
          );
        } else {
          out(
            [
              input,
              v.valid ? 'valid' : 'invalid',
              v.kind ?? '-',
              v.error ? `${v.error.code}: ${v.error.message}` : '',
            ]
              .join('\t')
              .trimEnd(),
          );
        }
      };
      for (const value of values) {
        if (value === '-') {
          for await (const line of inputLines('-')) if (line.trim() !== '') check(line);
        } else {
          check(value);
        }
      }
      setExit(invalid > 0 ? EXIT.invalid : EXIT.ok);
    });

  number
    .command('issue')
    .description(
      'Issue Individual Numbers for resident record codes (one per line), with the issuance key of this data folder',
    )
    .requiredOption('--from-resident-codes <file>', 'file of 11-digit resident record codes, or - for stdin')
    .option(
      '--generation <g>',
      `0 for a first number; raise it to re-issue after a leak (max ${MAX_GENERATION})`,
      '0',
    )
    .option('--json', 'one JSON object per line: {"line","number"} or {"line","error"}')
    .action(async (opts: { fromResidentCodes: string; generation: string; json?: boolean }) => {
      const generation = Number(opts.generation);
      if (!/^\d$/.test(opts.generation) || generation > MAX_GENERATION) {
        throw new UsageError(`--generation must be 0..${MAX_GENERATION}`);
      }
      openable(opts.fromResidentCodes);
      const config = loadConfig(process.env);
      const secrets = resolveSecrets(config, (m) => err(`warning: ${m}`));
      const issuer = new NumberIssuer(secrets.numberIssuanceKey);

      const source = opts.fromResidentCodes;
      const total = source === '-' ? 0 : countLines(source);
      const bar = total > 100_000 ? new SingleBar({ stream: process.stderr, etaBuffer: 50 }) : null;
      bar?.start(total, 0);

      let invalid = 0;
      let lineNo = 0;
      let batch: { line: number; code: ResidentRecordCode }[] = [];
      const flush = () => {
        const numbers = issuer.issueMany(
          batch.map((b) => b.code),
          batch.map(() => generation),
        );
        const lines = numbers.map((n, i) =>
          opts.json ? JSON.stringify({ line: batch[i]!.line, number: n }) : n,
        );
        if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
        bar?.increment(batch.length);
        batch = [];
      };
      for await (const raw of inputLines(source)) {
        lineNo++;
        if (raw.trim() === '') continue;
        const parsed = ResidentRecordCode.parse(raw);
        if (!parsed.ok) {
          invalid++;
          // The code itself is confidential: report the line, not its content.
          if (opts.json) out(JSON.stringify({ line: lineNo, error: parsed.error.code }));
          else err(`line ${lineNo}: ${parsed.error.code}: ${parsed.error.message}`);
          continue;
        }
        batch.push({ line: lineNo, code: parsed.value });
        if (batch.length >= 65_536) flush();
      }
      flush();
      bar?.stop();
      setExit(invalid > 0 ? EXIT.invalid : EXIT.ok);
    });
}

function countLines(file: string): number {
  const buf = readFileSync(file);
  let n = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 10) n++;
  return n + (buf.length > 0 && buf[buf.length - 1] !== 10 ? 1 : 0);
}

import { join } from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { SingleBar } from 'cli-progress';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { LOCAL_OPERATOR } from '../kernel/actor.ts';
import { type Config, loadConfig } from '../kernel/config.ts';
import { migrate, openDatabase } from '../kernel/db.ts';
import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { errorBody } from '../kernel/http.ts';
import { resolveSecrets } from '../kernel/secrets.ts';
import { type Contexts, contextsForRun } from './contexts.ts';
import { readOperatorFile } from './operator-file.ts';

/**
 * Operator commands run the same code whether the CLI opens the database itself or the
 * platform is running on it (embedded PGlite allows one process): then the CLI sends
 * the command to the platform, which runs it and returns what it printed.
 */
export interface CommandIO {
  out(line: string): void;
  /** Progress for long runs; only shown when the CLI runs the command itself. */
  progress(done: number, total: number): void;
}

export interface OperatorCommand {
  readonly name: string;
  /** Returns the exit status: 0 fine, 1 something found wrong. */
  run(contexts: Contexts, args: Record<string, unknown>, io: CommandIO): Promise<number>;
}

export const defineCommand = (command: OperatorCommand): OperatorCommand => command;

/** Runs a command here or through the running platform; prints its lines; returns its status. */
export async function runOperatorCommand(
  config: Config,
  command: OperatorCommand,
  args: Record<string, unknown>,
  io: CommandIO,
): Promise<number> {
  const running = config.databaseUrl ? null : readOperatorFile(config.dataDir);
  if (running) {
    const res = await fetch(`${running.url}/api/operator/commands/${command.name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ args }),
    });
    const body = (await res.json()) as {
      exitCode?: number;
      lines?: string[];
      error?: { code?: string; message?: string; [k: string]: unknown };
    };
    if (!res.ok) {
      const { code = 'INTERNAL_ERROR', message = 'failed', ...extra } = body.error ?? {};
      throw new DomainError({ code, status: res.status, message }, undefined, extra);
    }
    for (const line of body.lines ?? []) io.out(line);
    return body.exitCode ?? 0;
  }
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl, max: 4 } : { dataDir: join(config.dataDir, 'pglite') },
  );
  try {
    await migrate(database);
    const secrets = resolveSecrets(config, (m) => process.stderr.write(`warning: ${m}\n`));
    const contexts = await contextsForRun(config, database, secrets);
    return await command.run(contexts, args, io);
  } finally {
    await database.close();
  }
}

/** The platform's side: runs a named command for the local operator. */
export async function operatorCommandRoutes(
  app: FastifyInstance,
  opts: { contexts: Contexts; commands: readonly OperatorCommand[] },
): Promise<void> {
  const commands = new Map(opts.commands.map((c) => [c.name, c]));
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/operator/commands/:name',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['operator'],
        summary: 'Run an operator command (what `bango` runs when the platform holds the database)',
        security: [{ operatorToken: [] }],
        params: Type.Object({ name: Type.String({ pattern: '^[a-z][a-z.-]{1,60}$' }) }),
        body: Type.Object(
          { args: Type.Record(Type.String({ maxLength: 60 }), Type.Unknown()) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const command = commands.get(req.params.name);
      if (!command) return reply.code(404).send(errorBody(KernelErrors.REQUEST_NOT_FOUND));
      const lines: string[] = [];
      const exitCode = await command.run(opts.contexts, req.body.args, {
        out: (l) => lines.push(l),
        progress: () => {},
      });
      return { exitCode, lines };
    },
  );
}

/** Who runs operator commands: the local operator. */
export const OPERATOR = LOCAL_OPERATOR;

/** The CLI's side: runs the command, a progress bar on stderr for long local runs. */
export async function runFromCli(command: OperatorCommand, args: Record<string, unknown>): Promise<number> {
  const config = loadConfig(process.env);
  let bar: SingleBar | null = null;
  const io: CommandIO = {
    out: (line) => process.stdout.write(`${line}\n`),
    progress: (done, total) => {
      if (total < 50_000) return;
      if (!bar) {
        bar = new SingleBar({ stream: process.stderr, etaBuffer: 20 });
        bar.start(total, 0);
      }
      bar.update(done);
    },
  };
  try {
    return await runOperatorCommand(config, command, args, io);
  } finally {
    (bar as SingleBar | null)?.stop();
  }
}

/** Like `runFromCli`, but hands the lines back instead of printing them. */
export async function runFromCliCollecting(
  command: OperatorCommand,
  args: Record<string, unknown>,
): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runOperatorCommand(loadConfig(process.env), command, args, {
    out: (l) => lines.push(l),
    progress: () => {},
  });
  return { code, lines };
}

import type { Sql } from 'postgres';

/**
 * Which statements a PostgreSQL server keeps prepared.
 *
 * postgres.js sends a statement that is not prepared in two round trips — Parse and
 * Describe, then, once the server has said the parameters' types, Bind and Execute — and
 * the server parses and plans it every time. drizzle asks for exactly that for every query
 * not given a name. A prepared statement goes in one round trip and is planned once per
 * connection. So the client drizzle is given prepares a statement the second time its text
 * is seen — most of our statements are a fixed text with parameters, asked again and again
 * — up to a fixed number of texts: postgres.js keeps a connection's statements as long as
 * the connection lives, so a text made of data (a list spelled out, a bulk load) must not
 * grow that without bound. Past the limit, and for long texts, statements go as before.
 */
export interface StatementPolicy {
  /** Texts seen once, remembered so that the second sighting prepares (oldest forgotten first). */
  readonly seenLimit: number;
  /** Texts one client prepares, at most; each of its connections holds at most this many. */
  readonly preparedLimit: number;
  /** Longer texts are not prepared: they are rarely asked twice. */
  readonly maxLength: number;
}

export const STATEMENT_POLICY: StatementPolicy = { seenLimit: 5_000, preparedLimit: 1_000, maxLength: 8_192 };

/** Decides, text by text, whether to prepare; one per client (shared by its transactions). */
export class StatementChooser {
  readonly #seen = new Set<string>();
  readonly #prepared = new Set<string>();

  constructor(private readonly policy: StatementPolicy = STATEMENT_POLICY) {}

  get prepared(): number {
    return this.#prepared.size;
  }

  prepare(text: string): boolean {
    if (this.#prepared.has(text)) return true;
    if (text.length > this.policy.maxLength || this.#prepared.size >= this.policy.preparedLimit) return false;
    if (this.#seen.delete(text)) {
      this.#prepared.add(text);
      return true;
    }
    this.#seen.add(text);
    if (this.#seen.size > this.policy.seenLimit) this.#seen.delete(this.#seen.values().next().value!);
    return false;
  }
}

type Unsafe = Sql['unsafe'];

/**
 * The client as drizzle sees it: the same postgres.js client, whose `unsafe` (all drizzle
 * sends) prepares what the chooser says, in transactions and savepoints too.
 */
export function preparingClient(client: Sql, chooser: StatementChooser): Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        const unsafe: Unsafe = (text, params, options) =>
          target.unsafe(
            text,
            params,
            params && params.length > 0 && chooser.prepare(text) ? { ...options, prepare: true } : options,
          );
        return unsafe;
      }
      if (property === 'begin' || property === 'savepoint') {
        const open = Reflect.get(target, property, receiver) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const body = args.pop() as (tx: Sql) => unknown;
          return open.call(target, ...args, (tx: Sql) => body(preparingClient(tx, chooser)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

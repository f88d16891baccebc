import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small HTTP/1.1 load generator for loopback benchmarks, run as a process of its own so
 * the server keeps its event loop. Raw sockets with keep-alive: `closed` mode keeps
 * `pipelining` requests in flight on each of `connections` (the most the server carries);
 * `paced` mode sends `rate` requests a second whatever the answers do, and measures each
 * from when it was due (no coordinated omission). Bounded by `durationMs` and `maxRequests`.
 */
export interface LoadOptions {
  readonly port: number;
  readonly paths: readonly string[];
  readonly mode: 'closed' | 'paced';
  readonly connections: number;
  readonly pipelining?: number;
  readonly rate?: number;
  readonly durationMs: number;
  readonly maxRequests?: number;
  /** A Cookie header per connection (connection i sends cookies[i % length]): one session each. */
  readonly cookies?: readonly string[];
}

export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly non2xx: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Runs the generator in a child process and returns what it measured. */
export function load(options: LoadOptions): Promise<LoadResult> {
  const file = join(tmpdir(), `bango-load-${process.pid}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(options));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      // The options (megabytes of paths) are the child's to read once: not left in /tmp.
      rmSync(file, { force: true });
      if (code === 0) resolve(JSON.parse(out) as LoadResult);
      else reject(new Error(`load exited ${code}`));
    });
  });
}

const pct = (xs: number[], p: number) =>
  xs.length ? xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]! : 0;

/** One keep-alive connection that parses responses by content-length, in order. */
class Connection {
  readonly #socket: Socket;
  /** The head read so far of the response being received, its status, and its body bytes still to come. */
  #head: Buffer = Buffer.alloc(0);
  #status = 0;
  #bodyLeft = 0;
  readonly #waiting: { due: number; done: (status: number, due: number) => void }[] = [];

  readonly #extra: string;
  /** Settles once the socket is connected (or failed): measuring starts on open connections. */
  readonly ready: Promise<void>;

  constructor(port: number, cookie?: string) {
    this.#extra = cookie ? `Cookie: ${cookie}\r\n` : '';
    this.#socket = connect({ port, host: '127.0.0.1', noDelay: true });
    this.ready = new Promise((resolve) => {
      this.#socket.once('connect', () => resolve());
      this.#socket.once('error', () => resolve());
    });
    this.#socket.on('data', (d: Buffer) => this.#read(d));
    this.#socket.on('error', () => {});
  }

  get inFlight(): number {
    return this.#waiting.length;
  }

  send(path: string, due: number, done: (status: number, due: number) => void): void {
    this.#waiting.push({ due, done });
    this.#socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${this.#extra}\r\n`);
  }

  /**
   * Responses in order: a head is gathered until its blank line, then the body is counted
   * off, not kept. (Joining each chunk to what came before copied a 1.8 MB page ~30 times:
   * the generator, not the server, was then what large answers waited on.)
   */
  #read(d: Buffer): void {
    let chunk = d;
    while (chunk.length > 0) {
      if (this.#bodyLeft > 0) {
        const taken = Math.min(this.#bodyLeft, chunk.length);
        this.#bodyLeft -= taken;
        chunk = chunk.subarray(taken);
        if (this.#bodyLeft === 0) this.#answered();
        continue;
      }
      this.#head = this.#head.length ? Buffer.concat([this.#head, chunk]) : chunk;
      const end = this.#head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.#head.subarray(0, end).toString('latin1');
      this.#status = Number(head.slice(9, 12));
      this.#bodyLeft = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      chunk = this.#head.subarray(end + 4);
      this.#head = Buffer.alloc(0);
      if (this.#bodyLeft === 0) this.#answered();
    }
  }

  #answered(): void {
    const w = this.#waiting.shift();
    w?.done(this.#status, w.due);
  }

  close(): void {
    this.#socket.destroy();
  }
}

async function main(file: string): Promise<void> {
  const { readFileSync } = await import('node:fs');
  const o = JSON.parse(readFileSync(file, 'utf8')) as LoadOptions;
  const conns = Array.from(
    { length: o.connections },
    (_, i) => new Connection(o.port, o.cookies?.[i % o.cookies.length]),
  );
  // Keep-alive connections are open before the clock starts, as a steady state has them
  // (a thousand connects at once would otherwise overflow the listen backlog and be timed).
  await Promise.all(conns.map((c) => c.ready));
  const latencies: number[] = [];
  let non2xx = 0;
  let sent = 0;
  let next = 0;
  const max = o.maxRequests ?? 10_000_000;
  const started = performance.now();
  const stopAt = started + o.durationMs;
  const path = () => o.paths[next++ % o.paths.length]!;
  await new Promise<void>((finish) => {
    let completed = 0;
    const done = (status: number, due: number) => {
      completed++;
      latencies.push(performance.now() - due);
      if (status < 200 || status >= 300) non2xx++;
      if (o.mode === 'closed' && performance.now() < stopAt && sent < max) {
        sent++;
        // Refill the connection that answered (it has room now).
        const c = conns.find((x) => x.inFlight < (o.pipelining ?? 1)) ?? conns[0]!;
        c.send(path(), performance.now(), done);
      }
      if (completed === sent && (performance.now() >= stopAt || sent >= max)) finish();
    };
    if (o.mode === 'closed') {
      for (const c of conns)
        for (let i = 0; i < (o.pipelining ?? 1) && sent < max; i++) {
          sent++;
          c.send(path(), performance.now(), done);
        }
    } else {
      const interval = 1000 / (o.rate ?? 100);
      let k = 0;
      const tick = () => {
        const now = performance.now();
        // Every request due by now goes out, on the least busy connection.
        while (started + k * interval <= now && sent < max && started + k * interval < stopAt) {
          const c = conns.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
          sent++;
          c.send(path(), started + k * interval, done);
          k++;
        }
        if (now < stopAt && sent < max) setTimeout(tick, 1);
        else if (completed === sent) finish();
      };
      tick();
    }
    setTimeout(finish, o.durationMs + 30_000).unref();
  });
  const elapsed = (performance.now() - started) / 1000;
  for (const c of conns) c.close();
  latencies.sort((a, b) => a - b);
  const result: LoadResult = {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    non2xx,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    max: latencies.at(-1) ?? 0,
  };
  process.stdout.write(JSON.stringify(result));
}

if (process.argv[1] === new URL(import.meta.url).pathname && process.argv[2]) await main(process.argv[2]);

import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer, type PeerCertificate, type TLSSocket } from 'node:tls';
import { eq } from 'drizzle-orm';
import type { Clock } from '../kernel/clock.ts';
import type { Db } from '../kernel/db.ts';
import { DomainError } from '../kernel/errors.ts';
import type { NetworkCa, TlsIdentity } from '../pki/network-ca.ts';
import { LinkageErrors } from './errors.ts';
import { tlsCertificates } from './schema.ts';

/** The CN the core's own certificate carries; nodes accept calls from it only. */
export const CORE_TLS_NAME = 'core';

/**
 * Mutual TLS between the core and the nodes. The network CA issues each party one
 * certificate; the core keeps the list, and revokes by serial.
 */
export class NetworkTls {
  readonly #onRevoke = new Set<(serial: string) => void>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly ca: NetworkCa,
  ) {}

  async issue(
    institution: string,
    name: string,
    days = 365,
    notBefore = this.clock.now(),
  ): Promise<TlsIdentity> {
    const notAfter = new Date(notBefore.getTime() + days * 86_400_000);
    const identity = await this.ca.issue(institution, name, { notBefore, notAfter });
    await this.db.insert(tlsCertificates).values({
      serial: identity.serial,
      institution: institution === CORE_TLS_NAME ? '0000000000000000' : institution,
      notAfter,
      issuedAt: this.clock.now(),
    });
    return identity;
  }

  async revoke(serial: string): Promise<void> {
    await this.db
      .update(tlsCertificates)
      .set({ revokedAt: this.clock.now() })
      .where(eq(tlsCertificates.serial, serial));
    for (const listener of this.#onRevoke) listener(serial);
  }

  /** Called on each revocation in this process (a server drops that peer's open connections). */
  onRevoke(listener: (serial: string) => void): () => void {
    this.#onRevoke.add(listener);
    return () => this.#onRevoke.delete(listener);
  }

  /** The institution a presented certificate stands for, or null (unknown to us, or revoked). */
  async institutionOf(peer: PeerCertificate): Promise<string | null> {
    const [row] = await this.db
      .select()
      .from(tlsCertificates)
      .where(eq(tlsCertificates.serial, peer.serialNumber.toUpperCase()));
    if (!row || row.revokedAt !== null || row.institution !== peer.subject.CN) return null;
    return row.institution;
  }
}

export type MtlsHandler = (req: IncomingMessage, res: ServerResponse, peer: string) => void;

/**
 * An HTTPS server that reads nothing from a peer before it is accepted: the TLS handshake
 * demands a certificate from the network CA and in its validity period; then `accept`
 * names the peer (or refuses it, and the connection is closed) and only then is the
 * socket handed to the HTTP parser.
 */
export function mutualTlsServer(
  identity: TlsIdentity,
  accept: (peer: PeerCertificate) => Promise<string | null>,
  handle: MtlsHandler,
) {
  const http = createHttpServer({ keepAliveTimeout: 30_000 });
  const open = new Map<string, Set<TLSSocket>>();
  const tls = createTlsServer(
    {
      key: identity.key,
      cert: identity.cert,
      ca: identity.ca,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.3',
    },
    (socket: TLSSocket) => {
      // Small JSON messages both ways: without this, Nagle meets delayed ACKs (~40 ms a turn).
      socket.setNoDelay(true);
      socket.pause();
      accept(socket.getPeerCertificate())
        .then((peer) => {
          if (peer === null) {
            socket.destroy();
            return;
          }
          (socket as TLSSocket & { peer?: string }).peer = peer;
          const serial = socket.getPeerCertificate().serialNumber.toUpperCase();
          const sockets = open.get(serial) ?? new Set<TLSSocket>();
          sockets.add(socket);
          open.set(serial, sockets);
          socket.once('close', () => sockets.delete(socket));
          http.emit('connection', socket);
          socket.resume();
        })
        .catch(() => socket.destroy());
    },
  );
  tls.on('tlsClientError', () => {}); // a refused handshake is not an error of ours
  http.on('request', (req, res) => {
    const peer = (req.socket as TLSSocket & { peer?: string }).peer;
    if (!peer) {
      res.destroy();
      return;
    }
    handle(req, res, peer);
  });
  return {
    /** Ends the open connections of a certificate (on revocation). */
    drop: (serial: string) => {
      for (const socket of open.get(serial) ?? []) socket.destroy();
      open.delete(serial);
    },
    listen: (port: number, host = '127.0.0.1') =>
      new Promise<number>((resolve) =>
        tls.listen(port, host, () => resolve((tls.address() as AddressInfo).port)),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        tls.close(() => resolve());
      }),
  };
}

/** A client that presents its certificate and checks the server is `expected` (its CN). */
export function mutualTlsClient(identity: TlsIdentity) {
  const agent = new Agent({
    key: identity.key,
    cert: identity.cert,
    ca: identity.ca,
    keepAlive: true,
    maxSockets: 32,
    minVersion: 'TLSv1.3',
  });
  function call<T>(url: string, expected: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const req = request(
        url,
        {
          agent,
          method: payload ? 'POST' : 'GET',
          headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
          checkServerIdentity: (_host, cert) =>
            cert.subject.CN === expected
              ? undefined
              : new Error(`expected ${expected}, met ${cert.subject.CN}`),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const parsed = text
              ? (JSON.parse(text) as T & { error?: { code: string; message: string } })
              : ({} as T);
            const failure = (parsed as { error?: { code: string; message: string; status?: number } }).error;
            if ((res.statusCode ?? 500) >= 400 && failure) {
              reject(
                new DomainError({
                  code: failure.code,
                  status: res.statusCode ?? 500,
                  message: failure.message,
                }),
              );
            } else if ((res.statusCode ?? 500) >= 400) {
              reject(new DomainError(LinkageErrors.LINKAGE_PROVIDER_UNAVAILABLE, `HTTP ${res.statusCode}`));
            } else resolve(parsed);
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('timed out')));
      req.on('error', (e) =>
        reject(new DomainError(LinkageErrors.LINKAGE_PEER_UNREACHABLE, `${new URL(url).host}: ${e.message}`)),
      );
      req.end(payload);
    });
  }

  return {
    /**
     * One JSON call. `resendOnReset`: when the connection is reset before any answer came
     * back, send it once more. Under load a request sent on a kept-alive socket right as
     * the previous answer finishes is sometimes refused by Node's HTTP parser on the
     * server ("Parse Error: Paused") and the socket closed unanswered: the request was
     * never handled. Only for calls that are safe twice: a signed submission is (its nonce
     * makes the core take it at most once; a second copy is refused as a replay).
     */
    json<T>(
      url: string,
      expected: string,
      body?: unknown,
      options: { resendOnReset?: boolean } = {},
    ): Promise<T> {
      const once = (): Promise<T> => call<T>(url, expected, body);
      if (!options.resendOnReset) return once();
      return once().catch((e: unknown) => {
        if (
          e instanceof DomainError &&
          e.code === LinkageErrors.LINKAGE_PEER_UNREACHABLE.code &&
          resetBeforeAnswer(e)
        )
          return once();
        throw e;
      });
    },
    close: () => agent.destroy(),
  };
}

/** Was the call's connection reset before any answer (not a timeout, not a refusal)? */
function resetBeforeAnswer(e: DomainError): boolean {
  return /ECONNRESET|socket hang up/.test(e.detail ?? '');
}

/** Reads a JSON body of at most `limit` bytes. */
export function readJson(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new DomainError(LinkageErrors.LINKAGE_BATCH_TOO_LARGE, 'body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new DomainError(LinkageErrors.LINKAGE_CODE_FORMAT, 'body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

/** Writes a JSON answer; a DomainError becomes its status and code, anything else a bare 500. */
export function answer(res: ServerResponse, work: Promise<unknown>): void {
  work.then(
    (body) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    },
    (e: unknown) => {
      const known = e instanceof DomainError;
      res.writeHead(known ? e.status : 500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: known
            ? { code: e.code, message: e.publicMessage }
            : { code: 'INTERNAL_ERROR', message: 'failed' },
        }),
      );
    },
  );
}

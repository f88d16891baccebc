import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import { DomainError, KernelErrors } from '../kernel/errors.ts';
import type { TlsIdentity } from '../pki/network-ca.ts';
import type { Institution, NetworkCore, QueryOutcome, QueryResult } from './core.ts';
import { submissionSigner } from './envelope.ts';
import { LinkageErrors } from './errors.ts';
import type { CoreClient, InstitutionNode, NumberResolver } from './node.ts';
import type { SubjectCode } from './subject-codes.ts';
import { answer, CORE_TLS_NAME, type MtlsHandler, mutualTlsClient, readJson } from './tls.ts';
import type { ProviderAnswer, ProviderQuery, Transport } from './transport.ts';

/**
 * The network between processes: the same messages as in one process, over HTTPS with
 * mutual TLS. The caller's institution is the one its certificate names; every route
 * below says who may call it.
 */
type Route = (req: IncomingMessage, peer: string, params: string[]) => Promise<unknown>;

function router(routes: ReadonlyArray<readonly [string, RegExp, Route]>): MtlsHandler {
  return (req, res: ServerResponse, peer) => {
    const path = (req.url ?? '').split('?')[0]!;
    for (const [method, pattern, route] of routes) {
      const m = req.method === method ? pattern.exec(path) : null;
      if (m) {
        answer(res, route(req, peer, m.slice(1)));
        return;
      }
    }
    answer(res, Promise.reject(new DomainError(KernelErrors.REQUEST_NOT_FOUND, 'no such route')));
  };
}

const object = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : {};

/** The core's side, for nodes (each call on behalf of the institution its certificate names). */
export function coreEndpoints(core: NetworkCore, resolveNumber: NumberResolver): MtlsHandler {
  return router([
    [
      'POST',
      /^\/core\/submissions$/,
      async (req, peer) => {
        const body = object(await readJson(req));
        const jws = typeof body.jws === 'string' ? body.jws : '';
        // The connection and the signature must name the same institution.
        if (submissionSigner(jws) !== peer) {
          throw new DomainError(
            LinkageErrors.LINKAGE_SIGNATURE_INVALID,
            'signer is not the connected institution',
          );
        }
        const wait = body.wait !== false;
        const { accepted, done } = await core.submit(jws, { keepResults: !wait });
        if (!wait) {
          done.catch(() => {});
          return { accepted };
        }
        return { results: await done };
      },
    ],
    ['GET', /^\/core\/institutions\/([0-9]{16})$/, async (_req, _peer, [code]) => core.institution(code!)],
    [
      'POST',
      /^\/core\/institutions$/,
      async (req, peer) => {
        const b = object(await readJson(req));
        return core.register({
          code: peer as Institution['code'],
          name: String(b.name ?? ''),
          kind: b.kind as Institution['kind'],
          localGovernmentCode: typeof b.localGovernmentCode === 'string' ? b.localGovernmentCode : null,
          signingKey: b.signingKey as JWK,
          agreementKey: b.agreementKey as JWK,
          endpoint: typeof b.endpoint === 'string' && b.endpoint.startsWith('https://') ? b.endpoint : null,
        });
      },
    ],
    [
      'POST',
      /^\/core\/codes$/,
      async (req, peer) => ({
        code: core.issueCode(peer, String(object(await readJson(req)).residentRecordCode ?? '')),
      }),
    ],
    [
      'POST',
      /^\/core\/provides$/,
      async (req, peer) => ({
        provides: core.provides(core.institution(peer), String(object(await readJson(req)).item ?? '')),
      }),
    ],
    [
      'POST',
      /^\/core\/jlis\/resolve$/,
      async (req) => ({
        residentRecordCode: await resolveNumber(String(object(await readJson(req)).individualNumber ?? '')),
      }),
    ],
    ['GET', /^\/core\/results\/([0-9a-f]{32})$/, async (_req, peer, [pn]) => core.result(peer, pn!)],
  ]);
}

/** A node's side, for the core only. */
export function nodeEndpoints(node: InstitutionNode): MtlsHandler {
  return router([
    [
      'POST',
      /^\/node\/answer$/,
      async (req, peer) => {
        if (peer !== CORE_TLS_NAME)
          throw new DomainError(KernelErrors.AUTH_FORBIDDEN, 'only the core asks a node');
        return node.answer(object(await readJson(req)) as unknown as ProviderQuery);
      },
    ],
  ]);
}

/** The core reaching nodes in other processes, at the endpoints they registered. */
export class HttpsTransport implements Transport {
  readonly #client;

  constructor(
    identity: TlsIdentity,
    private readonly directory: (code: string) => Institution,
  ) {
    this.#client = mutualTlsClient(identity);
  }

  deliver(provider: string, query: ProviderQuery): Promise<ProviderAnswer> {
    const endpoint = this.directory(provider).endpoint;
    if (!endpoint) {
      return Promise.reject(new DomainError(LinkageErrors.LINKAGE_PROVIDER_UNAVAILABLE, 'no endpoint'));
    }
    return this.#client.json<ProviderAnswer>(`${endpoint}/node/answer`, provider, query);
  }

  close(): void {
    this.#client.close();
  }
}

/** A node reaching the core in another process. */
export class HttpsCoreClient implements CoreClient {
  readonly #client;
  readonly #institutions = new Map<string, Promise<Institution>>();

  constructor(
    identity: TlsIdentity,
    private readonly coreUrl: string,
  ) {
    this.#client = mutualTlsClient(identity);
  }

  register(i: Omit<Institution, 'status' | 'endpoint'> & { endpoint?: string | null }): Promise<Institution> {
    return this.#client.json<Institution>(`${this.coreUrl}/core/institutions`, CORE_TLS_NAME, i);
  }

  institution(code: string, options: { fresh?: boolean } = {}): Promise<Institution> {
    let found = options.fresh ? undefined : this.#institutions.get(code);
    if (!found) {
      found = this.#client.json<Institution>(`${this.coreUrl}/core/institutions/${code}`, CORE_TLS_NAME);
      found.catch(() => this.#institutions.delete(code));
      this.#institutions.set(code, found);
    }
    return found;
  }

  async provides(_institution: Institution, item: string): Promise<boolean> {
    return (
      await this.#client.json<{ provides: boolean }>(`${this.coreUrl}/core/provides`, CORE_TLS_NAME, { item })
    ).provides;
  }

  async issueCode(_institution: string, residentRecordCode: string): Promise<SubjectCode> {
    const r = await this.#client.json<{ code: SubjectCode }>(`${this.coreUrl}/core/codes`, CORE_TLS_NAME, {
      residentRecordCode,
    });
    return r.code;
  }

  async submit(jws: string): Promise<{ accepted: QueryOutcome[]; done: Promise<QueryResult[]> }> {
    const done = this.#client
      .json<{ results: QueryResult[] }>(
        `${this.coreUrl}/core/submissions`,
        CORE_TLS_NAME,
        { jws, wait: true },
        { resendOnReset: true },
      )
      .then((r) => r.results);
    return { accepted: [], done };
  }

  /** The core knows the requester from this connection's certificate. */
  result(_requester: string, pn: string) {
    return this.#client.json<{
      outcome: QueryOutcome['outcome'];
      refusal: string | null;
      payload: string | null;
      provider: string;
    }>(`${this.coreUrl}/core/results/${pn}`, CORE_TLS_NAME);
  }

  /** J-LIS's answer, asked through the core's process (which hosts the national index here). */
  async resolveNumber(individualNumber: string): Promise<string | null> {
    return (
      await this.#client.json<{ residentRecordCode: string | null }>(
        `${this.coreUrl}/core/jlis/resolve`,
        CORE_TLS_NAME,
        {
          individualNumber,
        },
      )
    ).residentRecordCode;
  }

  close(): void {
    this.#client.close();
  }
}

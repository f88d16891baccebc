import { DomainError } from '../kernel/errors.ts';
import type { InstitutionCode } from './codes.ts';
import { LinkageErrors } from './errors.ts';
import type { SubjectCode } from './subject-codes.ts';

/** What the core relays to a provider's node: its own code for the person, never a number. */
export interface ProviderQuery {
  readonly processingNumber: string;
  readonly requester: InstitutionCode;
  readonly procedure: string;
  readonly step: string;
  readonly item: string;
  readonly code: SubjectCode;
  /** The id of the requester's agreement key in force: the answer is sealed to that one. */
  readonly requesterKey: string;
  /** Conditions: a fiscal year, a period of days (YYYY-MM-DD, both ends included). */
  readonly fiscalYear: number | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly requestedAt: string;
}

/** The provider's answer: sealed to the requester; only the outcome is readable on the way. */
export interface ProviderAnswer {
  readonly outcome: 'provided' | 'not-disclosed';
  /** Compact JWE for the requester. */
  readonly payload: string;
  readonly answeredAt: string;
}

export type ProviderHandler = (query: ProviderQuery) => Promise<ProviderAnswer>;

/**
 * How the core reaches institution nodes. In one process (the embedded default) it is a
 * function call; between processes the HTTPS adapter carries the same messages.
 */
export interface Transport {
  deliver(provider: InstitutionCode, query: ProviderQuery): Promise<ProviderAnswer>;
}

export class InProcessTransport implements Transport {
  readonly #nodes = new Map<string, ProviderHandler>();
  /** Where nodes not in this process are reached (HTTPS with mutual TLS), once set. */
  remote: Transport | null = null;

  attach(institution: InstitutionCode, handler: ProviderHandler): void {
    this.#nodes.set(institution, handler);
  }

  deliver(provider: InstitutionCode, query: ProviderQuery): Promise<ProviderAnswer> {
    const handler = this.#nodes.get(provider);
    if (!handler && this.remote) return this.remote.deliver(provider, query);
    if (!handler) {
      return Promise.reject(new DomainError(LinkageErrors.LINKAGE_PROVIDER_UNAVAILABLE, 'node not attached'));
    }
    return handler(query);
  }
}

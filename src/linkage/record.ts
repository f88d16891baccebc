/**
 * 情報提供等記録 (番号法 第23条): one per query, refused ones too. The core keeps it and
 * adds it to the transparency log; both nodes keep their own. Pure and browser-safe: the
 * person's browser rebuilds a record's leaf from the fields it was shown and checks its
 * inclusion proof.
 */
export const OUTCOMES = ['provided', 'not-disclosed', 'refused'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface ExchangeRecord {
  /** Position in the transparency log (0-based); also the core's record number. */
  readonly seq: number;
  readonly processingNumber: string;
  /** The core's internal id of the person (24 hex); null when the code could not be read. */
  readonly subject: string | null;
  /** 1, 2, 3… per person, so a missing record shows as a gap. */
  readonly subjectSeq: number | null;
  readonly requester: string;
  readonly provider: string;
  readonly procedure: string;
  /** The procedure's step (事務手続); null in records written before steps were recorded. */
  readonly step: string | null;
  readonly item: string;
  readonly requestedAt: string;
  /** When the provider answered; null when refused. */
  readonly providedAt: string | null;
  readonly outcome: Outcome;
  /** The refusal's error code. */
  readonly refusal: string | null;
}

/**
 * The leaf's bytes: a JSON array in fixed order (arrays have no key-order ambiguity), times
 * as ISO-8601 UTC with milliseconds, led by the leaf's version. Version 2 adds the step;
 * a record from before (no step) keeps its version 1 bytes, so old leaves still verify.
 * Changing the layout needs a new version.
 */
export function leafBytes(r: ExchangeRecord): Uint8Array {
  const head = [r.seq, r.processingNumber, r.subject, r.subjectSeq, r.requester, r.provider, r.procedure];
  const tail = [r.item, r.requestedAt, r.providedAt, r.outcome, r.refusal];
  const fields = r.step === null ? [1, ...head, ...tail] : [2, ...head, r.step, ...tail];
  return new TextEncoder().encode(JSON.stringify(fields));
}

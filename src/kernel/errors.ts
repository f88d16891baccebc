/**
 * Errors with stable codes. Every context declares its errors in one catalogue
 * (`errors.ts`); the HTTP layer maps a `DomainError` to `{ error: { code, message } }`
 * with the catalogue's status. The public message is safe to show anyone; the detail
 * goes to logs only and must never carry personal data.
 */

export interface ErrorSpec {
  /** Stable, upper-case, prefixed by the context: `NUMBERS_CHECK_DIGIT`. */
  readonly code: string;
  /** HTTP status the error maps to. */
  readonly status: number;
  /** Safe public message in English; the web UI translates by code. */
  readonly message: string;
}

export class DomainError extends Error {
  readonly code: string;
  readonly status: number;
  readonly publicMessage: string;
  /** Private detail for logs; never sent to a client. */
  readonly detail: string | undefined;
  /** Extra public fields (e.g. the allowed transitions); must be safe to show. */
  readonly extra: Readonly<Record<string, unknown>> | undefined;

  constructor(spec: ErrorSpec, detail?: string, extra?: Record<string, unknown>) {
    super(spec.message);
    this.name = 'DomainError';
    this.code = spec.code;
    this.status = spec.status;
    this.publicMessage = spec.message;
    this.detail = detail;
    this.extra = extra;
  }
}

type Catalogue<T> = { readonly [K in keyof T & string]: ErrorSpec & { readonly code: K } };

/**
 * Declares a context's errors. The key is the code, so a code is written once.
 */
export function errorCatalogue<const T extends Record<string, { status: number; message: string }>>(
  entries: T,
): Catalogue<T> {
  const out: Record<string, ErrorSpec> = {};
  for (const [code, spec] of Object.entries(entries)) {
    if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(code)) throw new Error(`bad error code ${code}`);
    out[code] = Object.freeze({ code, status: spec.status, message: spec.message });
  }
  return Object.freeze(out) as Catalogue<T>;
}

/** A failure as a value, for APIs that report rather than throw (validation). */
export type Result<T, E = ErrorSpec> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** Errors of the platform itself (HTTP edge, config, database). */
export const KernelErrors = errorCatalogue({
  REQUEST_INVALID: { status: 400, message: 'The request is not valid.' },
  REQUEST_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  REQUEST_MEDIA_TYPE: { status: 415, message: 'The request body must be JSON.' },
  REQUEST_NOT_FOUND: { status: 404, message: 'There is nothing at this address.' },
  REQUEST_RATE_LIMITED: { status: 429, message: 'Too many requests; try again shortly.' },
  AUTH_REQUIRED: { status: 401, message: 'Authentication is required.' },
  AUTH_FORBIDDEN: { status: 403, message: 'You may not do this.' },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    message: 'This idempotency key was already used with a different request.',
  },
  CONFIG_INVALID: { status: 500, message: 'The platform is misconfigured.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'The service is not ready.' },
  INTERNAL_ERROR: { status: 500, message: 'Something went wrong on our side.' },
});

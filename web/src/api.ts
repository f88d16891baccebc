/**
 * Calls to the platform's API from the browser: JSON in and out, the session's CSRF
 * token on every state change, and errors as their stable codes (the pages say them in
 * words).
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The mandate a proxy acts under (代理人として操作中), sent on every call; null for oneself. */
let actingFor: string | null = null;

export function setActingFor(mandateId: string | null): void {
  actingFor = mandateId;
}

/** The headers every call carries: CSRF on state changes, the mandate when acting for someone. */
function commonHeaders(method: string): Record<string, string> {
  return {
    ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
    ...(actingFor ? { 'x-acting-for': actingFor } : {}),
  };
}

/** A file from the API (PDF, JSON export), saved by the browser under `name`. */
export async function download(path: string, name: string): Promise<void> {
  const res = await fetch(path, { credentials: 'same-origin', headers: commonHeaders('GET') }).catch(() => {
    throw new ApiError('NETWORK', 0);
  });
  if (!res.ok) {
    const json = (await res.json().catch(() => ({}))) as { error?: { code: string } };
    throw new ApiError(json.error?.code ?? 'INTERNAL_ERROR', res.status);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export async function api<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...commonHeaders(method),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError('NETWORK', 0);
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => ({}))) as { error?: { code: string } & Record<string, unknown> };
  if (!res.ok) {
    const { code = 'INTERNAL_ERROR', ...extra } = json.error ?? { code: 'INTERNAL_ERROR' };
    throw new ApiError(code, res.status, extra);
  }
  return json as T;
}

/** A fresh idempotency key for a filing (a retried click files once). */
export const idempotencyKey = () => crypto.randomUUID();

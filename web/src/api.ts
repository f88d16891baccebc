/**
 * Calls to the platform's API from the browser: JSON in and out, the session's CSRF
 * token on every state change, and errors as their stable codes (the pages say them in
 * words).
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
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
        ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
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

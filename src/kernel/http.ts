import { timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { DomainError, type ErrorSpec, KernelErrors } from './errors.ts';

/**
 * Who may call a route. Every route declares it (default deny: a route without a
 * declaration stops the server from starting). Roles arrive with card login.
 */
export type Access = 'public' | 'operator';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export interface ErrorBody {
  error: { code: string; message: string; [extra: string]: unknown };
}

export function errorBody(spec: ErrorSpec, extra?: Record<string, unknown>): ErrorBody {
  return { error: { ...extra, code: spec.code, message: spec.message } };
}

/** Routes added by a plugin we trust to be public: the API documentation. */
const PUBLIC_PLUGIN_PREFIXES = ['/docs'];

export function enforceAccessDeclarations(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const declared = route.config?.access;
    if (declared === 'public' || declared === 'operator') return;
    const url = route.url ?? '';
    if (PUBLIC_PLUGIN_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`))) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    throw new Error(`route ${route.method} ${url} declares no access policy`);
  });
}

/** Checks the declared policy before the handler (and before the body is used). */
export function accessGuard(operatorToken: string | undefined) {
  const expected = operatorToken ? Buffer.from(operatorToken) : undefined;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const access = request.routeOptions.config?.access;
    if (access === 'public') return;
    if (access === 'operator') {
      const header = request.headers.authorization ?? '';
      const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
      if (expected && given.length === expected.length && timingSafeEqual(given, expected)) return;
      await reply.code(401).send(errorBody(KernelErrors.AUTH_REQUIRED));
      return;
    }
    // Unknown routes fall through to the not-found handler; anything else is denied.
    if (request.routeOptions.url === undefined) return;
    await reply.code(403).send(errorBody(KernelErrors.AUTH_FORBIDDEN));
  };
}

/** Fastify's own error codes for bad input, mapped to ours. */
const FASTIFY_CODES: Record<string, ErrorSpec> = {
  FST_ERR_CTP_BODY_TOO_LARGE: KernelErrors.REQUEST_TOO_LARGE,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: KernelErrors.REQUEST_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: KernelErrors.REQUEST_INVALID,
  FST_ERR_CTP_EMPTY_JSON_BODY: KernelErrors.REQUEST_INVALID,
  FST_ERR_CTP_INVALID_JSON_BODY: KernelErrors.REQUEST_INVALID,
  FST_ERR_VALIDATION: KernelErrors.REQUEST_INVALID,
};

/**
 * The one error handler: a domain error keeps its code and status; bad input gets a
 * 4xx with a stable code; anything unexpected is logged and becomes a plain 500 with
 * no detail. Never a stack trace to a client.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    if (error instanceof DomainError) {
      if (error.status >= 500) request.log.error({ code: error.code, detail: error.detail }, 'domain error');
      return reply.code(error.status).send(errorBody(error, error.extra as Record<string, unknown>));
    }
    const fe = error as FastifyError;
    if (fe.validation) {
      const first = fe.validation[0];
      const where = `${fe.validationContext ?? 'body'}${first?.instancePath ?? ''}`;
      return reply.code(400).send(
        errorBody(KernelErrors.REQUEST_INVALID, {
          field: where,
          reason: first?.message ?? 'invalid',
        }),
      );
    }
    const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
    if (mapped) return reply.code(mapped.status).send(errorBody(mapped));
    if (fe.statusCode === 429) return reply.code(429).send(errorBody(KernelErrors.REQUEST_RATE_LIMITED));
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply
        .code(fe.statusCode)
        .send(errorBody({ ...KernelErrors.REQUEST_INVALID, status: fe.statusCode }));
    }
    request.log.error({ err: { type: fe.name, code: fe.code, message: fe.message } }, 'unexpected error');
    return reply.code(500).send(errorBody(KernelErrors.INTERNAL_ERROR));
  });
}

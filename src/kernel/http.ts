import { timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { type Actor, holds, LOCAL_OPERATOR, type Role } from './actor.ts';
import { DomainError, type ErrorSpec, KernelErrors } from './errors.ts';

/**
 * Who may call a route. Every route declares it (default deny: a route without a
 * declaration stops the server from starting): `public`, `operator` (the local
 * operator's token), `person` (anyone logged in with a card, acting for themselves), or
 * `{ roles }` — an authenticated actor holding one of the roles (at some organisation;
 * the handler checks the organisation it acts on), with `orPerson` also the person whose
 * thing it is.
 */
export type Access =
  | 'public'
  | 'operator'
  | 'person'
  | {
      readonly roles: readonly Role[];
      /** Also a person logged in with a card, on their own things (the handler checks whose). */
      readonly orPerson?: boolean;
    };

/** Turns a request's credentials into an actor, or null when it carries none it knows. */
export type Authenticator = (request: FastifyRequest) => Promise<Actor | null> | Actor | null;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** Set by the access guard on routes that need an actor. */
    actor?: Actor;
  }
}

/** The actor of a request on a route that required one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError(KernelErrors.AUTH_REQUIRED, 'no actor on a protected route');
  return request.actor;
}

/** The actor must hold one of `roles` at `organisation`, or the request is refused. */
export function requireRoleAt(request: FastifyRequest, roles: readonly Role[], organisation: string): Actor {
  const actor = actorOf(request);
  if (!holds(actor, roles, organisation)) {
    throw new DomainError(
      KernelErrors.AUTH_FORBIDDEN,
      `${actor.id} lacks ${roles.join('|')} at ${organisation}`,
    );
  }
  return actor;
}

export interface ErrorBody {
  error: { code: string; message: string; [extra: string]: unknown };
}

/** A PDF to download, named in UTF-8 (RFC 6266), never kept by a cache. */
export function sendPdf(reply: FastifyReply, file: { name: string; bytes: Buffer }): FastifyReply {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('cache-control', 'no-store')
    .send(file.bytes);
}

export function errorBody(spec: ErrorSpec, extra?: Record<string, unknown>): ErrorBody {
  return { error: { ...extra, code: spec.code, message: spec.message } };
}

/** Routes added by a plugin we trust to be public: the API documentation. */
const PUBLIC_PLUGIN_PREFIXES = ['/docs'];

export function enforceAccessDeclarations(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const declared = route.config?.access;
    if (declared === 'public' || declared === 'operator' || declared === 'person') return;
    if (declared && typeof declared === 'object' && declared.roles.length > 0) return;
    const url = route.url ?? '';
    if (PUBLIC_PLUGIN_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`))) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    throw new Error(`route ${route.method} ${url} declares no access policy`);
  });
}

/** The local operator's bearer token, compared in constant time. */
export function operatorTokenAuthenticator(operatorToken: string | undefined): Authenticator {
  const expected = operatorToken ? Buffer.from(operatorToken) : undefined;
  return (request) => {
    const header = request.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    return expected && given.length === expected.length && timingSafeEqual(given, expected)
      ? LOCAL_OPERATOR
      : null;
  };
}

/** Checks the declared policy as a request arrives, before its body is read. */
export function accessGuard(authenticators: readonly Authenticator[]) {
  const authenticate = async (request: FastifyRequest): Promise<Actor | null> => {
    for (const a of authenticators) {
      const actor = await a(request);
      if (actor) return actor;
    }
    return null;
  };
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const access = request.routeOptions.config?.access;
    if (access === 'public') return;
    if (access === 'operator' || access === 'person' || (access && typeof access === 'object')) {
      const actor = await authenticate(request);
      if (!actor) {
        await reply.code(401).send(errorBody(KernelErrors.AUTH_REQUIRED));
        return;
      }
      const allowed =
        access === 'operator'
          ? actor.kind === 'operator'
          : access === 'person'
            ? actor.residentId !== undefined
            : holds(actor, access.roles) || (access.orPerson === true && actor.residentId !== undefined);
      if (!allowed) {
        await reply.code(403).send(errorBody(KernelErrors.AUTH_FORBIDDEN));
        return;
      }
      request.actor = actor;
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

/**
 * The headers helmet sets for `options`, computed once: its middleware is run against a
 * recorder instead of a response. Static options (no nonces) give the same headers every time.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  } as unknown as ServerResponse;
  helmet(options)({} as never, recorder, () => {});
  return headers;
}

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { cardRoutes } from './card/routes.ts';
import { OPERATOR_COMMANDS } from './commands.ts';
import { corporatePortalRoutes } from './corporate/portal-routes.ts';
import { corporateRoutes } from './corporate/routes.ts';
import type { Config } from './kernel/config.ts';
import type { Database } from './kernel/db.ts';
import { KernelErrors } from './kernel/errors.ts';
import {
  type Authenticator,
  accessGuard,
  enforceAccessDeclarations,
  errorBody,
  installErrorHandler,
  operatorTokenAuthenticator,
  securityHeaders,
} from './kernel/http.ts';
import type { Logger } from './kernel/log.ts';
import { linkageRoutes } from './linkage/routes.ts';
import { loginRoutes, sessionAuthenticator } from './login/routes.ts';
import { numbersRoutes } from './numbers/index.ts';
import { pkiRoutes } from './pki/routes.ts';
import type { Contexts } from './platform/contexts.ts';
import { operatorCommandRoutes } from './platform/operator-commands.ts';
import { type PlatformInfo, platformRoutes } from './platform/routes.ts';
import { portalRoutes } from './portal/index.ts';
import { registryRoutes } from './registry/routes.ts';

export interface AppDeps {
  readonly config: Pick<Config, 'rateLimitPerMinute' | 'bodyLimitBytes'>;
  readonly database: Database;
  /** The contexts served; without them only the platform and numbers routes exist. */
  readonly contexts?: Contexts;
  readonly logger: Logger;
  /** Bearer token of the local operator (CLI); absent disables operator routes. */
  readonly operatorToken?: string;
  /** Further ways to turn a request into an actor (card sessions; tests). */
  readonly authenticators?: readonly Authenticator[];
  /** Built web front end; served at / when present. */
  readonly webDir?: string;
  readonly info?: PlatformInfo;
}

/**
 * The composition root: one Fastify app, each bounded context registered as a plugin.
 * Cross-cutting rules live here once: request ids, security headers, rate limits,
 * declared access on every route, one error shape.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    requestIdHeader: 'x-request-id',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    routerOptions: { ignoreTrailingSlash: true },
  });

  enforceAccessDeclarations(app);
  // JSON only: a text body is refused with 415 instead of reaching the validators.
  app.removeContentTypeParser('text/plain');
  installErrorHandler(app);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  // Security headers, worked out once: the helmet plugin builds its middleware again on every
  // request (parsing the CSP each time), a measurable share of a small API answer's cost.
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
  });
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
  if (deps.config.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      max: deps.config.rateLimitPerMinute,
      timeWindow: '1 minute',
      errorResponseBuilder: (_req, ctx) => ({
        statusCode: 429,
        ...errorBody(KernelErrors.REQUEST_RATE_LIMITED, { retryAfterSeconds: Math.ceil(ctx.ttl / 1000) }),
      }),
    });
  }
  const contextAuthenticators = deps.contexts
    ? [sessionAuthenticator(deps.contexts.login), deps.contexts.verifiers.authenticator()]
    : [];
  // On request, before the body is read or validated: without the right credentials a
  // caller learns nothing, not even whether its arguments were well formed.
  app.addHook(
    'onRequest',
    accessGuard([
      operatorTokenAuthenticator(deps.operatorToken),
      ...contextAuthenticators,
      ...(deps.authenticators ?? []),
    ]),
  );

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Bango API',
        description: "Japan's My Number system as open source. Every route states who may call it.",
        version: deps.info?.version ?? '0.0.0',
      },
      components: {
        securitySchemes: {
          operatorToken: { type: 'http', scheme: 'bearer' },
          verifierKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'A registered verifier’s API key (bvk_…)',
          },
          cardSession: { type: 'apiKey', in: 'cookie', name: 'bango_session' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  await app.register(platformRoutes, {
    database: deps.database,
    info: deps.info ?? { version: '0.0.0', startedAt: new Date() },
  });
  await app.register(numbersRoutes);
  if (deps.contexts) {
    const { registry, clock } = deps.contexts;
    await app.register(registryRoutes, { service: registry.service, db: deps.database.db, clock });
    await app.register(pkiRoutes, { pki: deps.contexts.pki });
    await app.register(cardRoutes, { cards: deps.contexts.cards });
    await app.register(loginRoutes, { login: deps.contexts.login });
    await app.register(linkageRoutes, { linkage: deps.contexts.linkageService });
    await app.register(portalRoutes, { portal: deps.contexts.portal });
    await app.register(corporateRoutes, {
      corporate: deps.contexts.corporate,
      applications: deps.contexts.applicationIds,
    });
    await app.register(corporatePortalRoutes, { portal: deps.contexts.corporatePortal });
    await app.register(operatorCommandRoutes, { contexts: deps.contexts, commands: OPERATOR_COMMANDS });
  }

  const index = deps.webDir ? join(deps.webDir, 'index.html') : undefined;
  if (deps.webDir && index && existsSync(index)) {
    // Only sendFile is taken from the plugin; the routes are ours, with their policy.
    await app.register(fastifyStatic, { root: deps.webDir, serve: false });
    const page = { config: { access: 'public' as const }, schema: { hide: true } };
    app.get('/', page, (_req, reply) => reply.sendFile('index.html'));
    app.get<{ Params: { '*': string } }>('/assets/*', page, (req, reply) =>
      reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .sendFile(`assets/${req.params['*']}`),
    );
  }

  app.setNotFoundHandler((req, reply) => {
    // The web app routes on the client: unknown page addresses get its shell.
    const isPage = req.method === 'GET' && !/^\/(api|docs|4)(\/|$)/.test(req.url) && !req.url.includes('.');
    if (isPage && index && existsSync(index)) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send(errorBody(KernelErrors.REQUEST_NOT_FOUND));
  });

  return app;
}

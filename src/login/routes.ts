import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { type Authenticator, actorOf } from '../kernel/http.ts';
import { LoginErrors } from './errors.ts';
import { ABSOLUTE_TIMEOUT_MS, CSRF_HEADER, GRANTABLE_ROLES, SESSION_COOKIE } from './model.ts';
import type { LoginService } from './service.ts';

const Base64 = (max: number) => Type.String({ maxLength: max, pattern: '^[A-Za-z0-9+/_-]+={0,2}$' });

/** The origin a request comes from: its Origin header, or what its Host says. */
export function originOf(req: FastifyRequest): string {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') return origin;
  return `${req.protocol}://${req.headers.host ?? 'localhost'}`;
}

function sessionCookie(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

function setCookie(reply: FastifyReply, req: FastifyRequest, value: string, maxAgeSeconds: number): void {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`,
  );
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Card sessions as actors. A state change made with a session must carry the session's
 * CSRF token in a header (SameSite=Strict already stops other sites; this is the second lock).
 */
export function sessionAuthenticator(login: LoginService): Authenticator {
  return async (req) => {
    const token = sessionCookie(req);
    if (!token) return null;
    const actor = await login.authenticate(token);
    if (!actor) return null;
    const { csrfToken, ...rest } = actor;
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== csrfToken) {
      throw new DomainError(LoginErrors.LOGIN_CSRF_MISMATCH);
    }
    return rest;
  };
}

export async function loginRoutes(app: FastifyInstance, opts: { login: LoginService }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { login } = opts;
  const tags = ['login'];

  r.post(
    '/api/login/challenge',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A single-use login challenge (60 s), bound to the origin asking',
      },
    },
    async (req) => login.challenge(originOf(req)),
  );
  r.post(
    '/api/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          "Log in with the card's user-authentication certificate and its signature over the challenge",
        body: Type.Object(
          { nonce: Base64(100), certificate: Base64(8192), signature: Base64(2048) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const opened = await login.login({
        nonce: req.body.nonce,
        origin: originOf(req),
        certificate: new Uint8Array(Buffer.from(req.body.certificate, 'base64')),
        signature: new Uint8Array(Buffer.from(req.body.signature, 'base64')),
      });
      setCookie(reply, req, opened.token, ABSOLUTE_TIMEOUT_MS / 1000);
      return { csrfToken: opened.csrfToken, session: opened.session };
    },
  );
  r.get(
    '/api/login/session',
    { config: { access: 'person' }, schema: { tags, summary: 'The current session, with its CSRF token' } },
    async (req) => {
      // The guard has just authenticated (and touched) this session; this reads it once more.
      const current = await login.session(sessionCookie(req)!);
      if (!current) throw new DomainError(KernelErrors.AUTH_REQUIRED);
      return current;
    },
  );
  r.post(
    '/api/login/logout',
    {
      config: { access: 'person' },
      schema: {
        tags,
        summary: 'End this session',
      },
    },
    async (req, reply) => {
      await login.logout(sessionCookie(req)!);
      setCookie(reply, req, '', 0);
      return reply.code(204).send();
    },
  );
  const RoleBody = Type.Object(
    {
      residentId: Type.String({ pattern: '^[0-9a-fA-F-]{36}$' }),
      role: Type.Union(GRANTABLE_ROLES.map((g) => Type.Literal(g)) as never),
      organisation: Type.String({ pattern: '^(\\*|[0-9A-Za-z-]{1,20})$' }),
    },
    { additionalProperties: false },
  );
  type RoleInput = { residentId: string; role: string; organisation: string };
  r.post(
    '/api/login/roles',
    {
      config: { access: { roles: ['system-administrator'] } },
      schema: { tags, summary: 'Give a resident a staff role at an organisation', body: RoleBody },
    },
    async (req, reply) => {
      const b = req.body as RoleInput;
      await login.grant(actorOf(req), b.residentId, b.role, b.organisation);
      return reply.code(204).send();
    },
  );
  r.delete(
    '/api/login/roles',
    {
      config: { access: { roles: ['system-administrator'] } },
      schema: { tags, summary: 'Take a staff role away', body: RoleBody },
    },
    async (req, reply) => {
      const b = req.body as RoleInput;
      await login.revokeRole(b.residentId, b.role, b.organisation);
      return reply.code(204).send();
    },
  );
}

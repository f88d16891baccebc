import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../kernel/errors.ts';
import { actorOf, sendPdf } from '../kernel/http.ts';
import { UUID_PATTERN } from '../kernel/ids.ts';
import { PortalErrors } from './errors.ts';
import { FEATURES, type Feature, NOTICE_CATEGORIES } from './model.ts';
import type { PortalService } from './service.ts';

/** A proxy names the mandate they act under in this header; without it a person acts for themselves. */
export const ACTING_HEADER = 'x-acting-for';

const Id = Type.String({ pattern: UUID_PATTERN });
const Institution = Type.String({ pattern: '^[0-9]{16}$' });
const person = { access: 'person' as const };
const institution = {
  access: { roles: ['institution-operator', 'municipal-clerk', 'system-administrator'] as const },
};
const tags = ['portal'];
const Terms = {
  scope: Type.Array(Type.Union(FEATURES.map((f) => Type.Literal(f))), {
    minItems: 1,
    maxItems: FEATURES.length,
  }),
  validUntil: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }),
};
const Code = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);

const NoticeBody = Type.Object(
  {
    category: Type.Union(NOTICE_CATEGORIES.map((c) => Type.Literal(c))),
    title: Type.String({ minLength: 1, maxLength: 120 }),
    body: Type.String({ minLength: 1, maxLength: 4000 }),
    link: Type.Optional(Type.String({ maxLength: 500 })),
    attachment: Type.Optional(
      Type.Object(
        { name: Type.String({ maxLength: 100 }), base64: Type.String({ maxLength: 700_000 }) },
        { additionalProperties: false },
      ),
    ),
    audience: Type.Optional(Type.Unknown()),
    open: Type.Optional(Type.Boolean()),
    sendAt: Type.Optional(Type.String({ maxLength: 40 })),
    expiresAt: Type.Optional(Type.String({ maxLength: 40 })),
    remindEveryDays: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

/**
 * The Myna Portal over HTTP. A person's routes take the card session; a proxy adds
 * `x-acting-for: <mandate id>` and is checked against that mandate's scope on each call.
 * An institution's console routes need a role at that institution; open notices are public.
 */
export async function portalRoutes(app: FastifyInstance, opts: { portal: PortalService }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { portal } = opts;
  const subject = (req: FastifyRequest, feature: Feature | null) => {
    const acting = req.headers[ACTING_HEADER];
    return portal.subject(actorOf(req), typeof acting === 'string' ? acting : undefined, feature);
  };
  // What a person does only for themselves: never under a mandate.
  const own = (req: FastifyRequest) => {
    if (req.headers[ACTING_HEADER] !== undefined)
      throw new DomainError(PortalErrors.PORTAL_PROXY_SCOPE, 'own-only route under a mandate');
    return portal.subject(actorOf(req), undefined, null);
  };

  r.get(
    '/api/portal/home',
    { config: person, schema: { tags, summary: 'Home: name, number masked, unread notices, proxies' } },
    async (req) => portal.home(await subject(req, null)),
  );
  r.post(
    '/api/portal/number/reveal',
    {
      config: person,
      schema: { tags, summary: 'Show my Individual Number (recorded in my activity; never to a proxy)' },
    },
    async (req) => portal.revealNumber(await own(req)),
  );
  r.get(
    '/api/portal/information',
    {
      config: person,
      schema: {
        tags,
        summary: 'わたしの情報: what institutions hold about me, fetched through the network now',
      },
    },
    async (req) => portal.myInformation(await subject(req, 'information')),
  );
  r.get(
    '/api/portal/information/export',
    {
      config: person,
      schema: {
        tags,
        summary: 'わたしの情報 as a JSON or PDF download',
        querystring: Type.Object(
          { format: Type.Union([Type.Literal('json'), Type.Literal('pdf')]) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const out = await portal.exportInformation(await subject(req, 'information'), req.query.format);
      const name = `my-information.${req.query.format}`;
      reply
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store');
      if (out instanceof Uint8Array) return reply.type('application/pdf').send(Buffer.from(out));
      return reply.type('application/json').send(JSON.stringify(out, null, 2));
    },
  );
  r.get(
    '/api/portal/history',
    {
      config: person,
      schema: {
        tags,
        summary: 'やりとり履歴: every exchange record about me, each with its inclusion proof',
      },
    },
    async (req) => portal.history(await subject(req, 'history')),
  );
  r.get(
    '/api/portal/activity',
    {
      config: person,
      schema: {
        tags,
        summary: '操作履歴: logins, reveals, exports and what proxies did, newest first',
        querystring: Type.Object(
          {
            before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
            limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => ({
      entries: await portal.activityOf(await subject(req, 'activity'), {
        ...(req.query.before ? { before: Number(req.query.before) } : {}),
        limit: Math.min(200, Math.max(1, Number(req.query.limit ?? 50))),
      }),
    }),
  );

  // --- notices, the person's side ---------------------------------------------------
  r.get(
    '/api/portal/notices',
    {
      config: person,
      schema: {
        tags,
        summary: 'お知らせ: my inbox, newest first',
        querystring: Type.Object(
          {
            category: Type.Optional(Type.Union(NOTICE_CATEGORIES.map((c) => Type.Literal(c)))),
            unread: Type.Optional(Type.Literal('true')),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const s = await subject(req, 'notices');
      const [notices, unread] = await Promise.all([
        portal.notices.inboxOf(s.residentId, {
          ...(req.query.category ? { category: req.query.category } : {}),
          unread: req.query.unread === 'true',
        }),
        portal.notices.unreadCount(s.residentId),
      ]);
      return { notices, unread };
    },
  );
  r.get(
    '/api/portal/notices/:id',
    {
      config: person,
      schema: { tags, summary: 'Open a notice (marks it read)', params: Type.Object({ id: Id }) },
    },
    async (req) => portal.notices.read(await subject(req, 'notices'), req.params.id),
  );
  r.post(
    '/api/portal/notices/:id/act',
    {
      config: person,
      schema: {
        tags,
        summary: 'I have acted on this notice: no more reminders',
        params: Type.Object({ id: Id }),
      },
    },
    async (req) => portal.notices.act(await subject(req, 'notices'), req.params.id),
  );
  r.get(
    '/api/portal/notices/:id/attachment',
    {
      config: person,
      schema: { tags, summary: 'A notice’s attachment (PDF)', params: Type.Object({ id: Id }) },
    },
    async (req, reply) => {
      const s = await subject(req, 'notices');
      return sendPdf(reply, await portal.notices.attachment(s.residentId, req.params.id));
    },
  );
  r.get(
    '/api/portal/open-notices',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Open notices from government and municipalities (disaster information too)' },
    },
    async () => ({ notices: await portal.notices.openNotices() }),
  );

  // --- proxies (the person for themselves only) -----------------------------------------
  r.get(
    '/api/portal/mandates',
    {
      config: person,
      schema: { tags, summary: '代理人: mandates I gave and mandates I hold; children I represent' },
    },
    async (req) => {
      const s = await own(req);
      const [mine, children] = await Promise.all([
        portal.mandates.of(s.residentId),
        portal.mandates.childrenOf(s.residentId),
      ]);
      return { ...mine, children };
    },
  );
  r.post(
    '/api/portal/mandates/invitations',
    {
      config: person,
      schema: {
        tags,
        summary: 'Invite a proxy (for me, or for my child as legal representative); returns a one-time code',
        body: Type.Object(
          { ...Terms, principal: Type.Optional(Id), proxyIsSelf: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) =>
      reply.code(201).send(await portal.mandates.invite((await own(req)).residentId, req.body)),
  );
  r.post(
    '/api/portal/mandates/requests',
    {
      config: person,
      schema: {
        tags,
        summary: 'Ask to become someone’s proxy; returns a one-time code for them to accept',
        body: Type.Object(Terms, { additionalProperties: false }),
      },
    },
    async (req, reply) =>
      reply.code(201).send(await portal.mandates.request((await own(req)).residentId, req.body)),
  );
  r.post(
    '/api/portal/mandates/lookup',
    { config: person, schema: { tags, summary: 'What a code asks for, before deciding', body: Code } },
    async (req) => portal.mandates.lookup((await own(req)).residentId, req.body.code),
  );
  r.post(
    '/api/portal/mandates/decision',
    {
      config: person,
      schema: {
        tags,
        summary: 'Accept or decline what a code asks',
        body: Type.Object(
          { ...Code.properties, decision: Type.Union([Type.Literal('accept'), Type.Literal('decline')]) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => portal.mandates.decide((await own(req)).residentId, req.body.code, req.body.decision),
  );
  r.post(
    '/api/portal/mandates/:id/revocation',
    {
      config: person,
      schema: {
        tags,
        summary: 'End a mandate (either side), or withdraw a request',
        params: Type.Object({ id: Id }),
      },
    },
    async (req) => portal.mandates.revoke((await own(req)).residentId, req.params.id),
  );

  // --- an institution's console -------------------------------------------------------
  const Params = Type.Object({ code: Institution });
  r.post(
    '/api/portal/institutions/:code/notices/preview',
    {
      config: institution,
      schema: {
        tags,
        summary: 'How many people an audience reaches now',
        params: Params,
        body: Type.Object({ audience: Type.Unknown() }, { additionalProperties: false }),
      },
    },
    async (req) => portal.notices.preview(actorOf(req), req.params.code, req.body.audience),
  );
  r.post(
    '/api/portal/institutions/:code/notices',
    {
      config: institution,
      schema: {
        tags,
        summary: 'Send (or schedule) a notice; one Idempotency-Key per notice',
        params: Params,
        headers: Type.Object({ 'idempotency-key': Type.String({ minLength: 8, maxLength: 100 }) }),
        body: NoticeBody,
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await portal.notices.send(actorOf(req), req.params.code, req.body, req.headers['idempotency-key']),
        ),
  );
  r.get(
    '/api/portal/institutions/:code/notices',
    {
      config: institution,
      schema: {
        tags,
        summary: 'Notices this institution sent, with delivery and read counts',
        params: Params,
      },
    },
    async (req) => ({ notices: await portal.notices.sentBy(actorOf(req), req.params.code) }),
  );
  r.post(
    '/api/portal/institutions/:code/notices/:id/cancellation',
    {
      config: institution,
      schema: {
        tags,
        summary: 'Call back a notice not yet sent',
        params: Type.Object({ code: Institution, id: Id }),
      },
    },
    async (req) => portal.notices.cancel(actorOf(req), req.params.code, req.params.id),
  );
}

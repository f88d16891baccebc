import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../kernel/errors.ts';
import { actorOf, sendPdf } from '../kernel/http.ts';
import { UUID_PATTERN } from '../kernel/ids.ts';
import { ACTING_HEADER } from '../portal/index.ts';
import { CorporateErrors } from './errors.ts';
import type { CorporatePortal } from './portal.ts';

const Id = Type.String({ pattern: UUID_PATTERN });
// Hyphens and full-width digits are read by the number's own parser, which says what is wrong.
const CorporateNumberParam = Type.String({ minLength: 1, maxLength: 30 });
const person = { access: 'person' as const };
const nta = { access: { roles: ['nta-operator' as const] } };
const tags = ['corporate portal'];
const Code = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);
const AtCorporation = Type.Object({ number: CorporateNumberParam });

/**
 * 法人ポータル over HTTP. Every route takes the person's own card session; what they may do
 * at a corporation is their membership's role, checked on each call. Representatives'
 * applications are decided by NTA operators.
 */
export async function corporatePortalRoutes(
  app: FastifyInstance,
  opts: { portal: CorporatePortal },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { portal } = opts;
  // A person acts for a corporation with their own card only, never as someone's proxy.
  app.addHook('preHandler', async (req) => {
    if (req.headers[ACTING_HEADER] !== undefined)
      throw new DomainError(CorporateErrors.CORPORATE_MEMBER_FORBIDDEN, 'under a personal mandate');
  });

  r.get(
    '/api/corporate-portal/mine',
    { config: person, schema: { tags, summary: 'The corporations I belong to, my role and unread notices' } },
    async (req) => ({ corporations: await portal.mine(actorOf(req)) }),
  );
  r.post(
    '/api/corporate-portal/applications',
    {
      config: person,
      schema: {
        tags,
        summary: 'Apply to be registered as a representative (代表者) of a corporation',
        body: Type.Object(
          { corporateNumber: CorporateNumberParam, title: Type.String({ maxLength: 100 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.code(201).send(await portal.apply(actorOf(req), req.body)),
  );
  r.post(
    '/api/corporate-portal/invitations/lookup',
    { config: person, schema: { tags, summary: 'What an invitation code is for', body: Code } },
    async (req) => portal.lookup(actorOf(req), req.body.code),
  );
  r.post(
    '/api/corporate-portal/invitations/accept',
    { config: person, schema: { tags, summary: 'Join a corporation with an invitation code', body: Code } },
    async (req) => portal.answer(actorOf(req), req.body.code, true),
  );
  r.post(
    '/api/corporate-portal/invitations/decline',
    { config: person, schema: { tags, summary: 'Decline an invitation', body: Code } },
    async (req) => portal.answer(actorOf(req), req.body.code, false),
  );

  r.get(
    '/api/corporate-portal/:number',
    {
      config: person,
      schema: {
        tags,
        summary: 'What government publishes about the corporation: record and history',
        params: AtCorporation,
      },
    },
    async (req) => portal.corporation(actorOf(req), req.params.number),
  );
  r.get(
    '/api/corporate-portal/:number/notices',
    {
      config: person,
      schema: {
        tags,
        summary: 'お知らせ addressed to the corporation, newest first',
        params: AtCorporation,
        querystring: Type.Object(
          { unread: Type.Optional(Type.Literal('true')) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => ({
      notices: await portal.notices(actorOf(req), req.params.number, { unread: req.query.unread === 'true' }),
    }),
  );
  const AtNotice = Type.Object({ number: CorporateNumberParam, id: Id });
  r.get(
    '/api/corporate-portal/:number/notices/:id',
    {
      config: person,
      schema: { tags, summary: 'Open a notice (the first opening marks it read)', params: AtNotice },
    },
    async (req) => portal.notice(actorOf(req), req.params.number, req.params.id),
  );
  r.post(
    '/api/corporate-portal/:number/notices/:id/act',
    {
      config: person,
      schema: { tags, summary: 'The corporation has acted on it: no more reminders', params: AtNotice },
    },
    async (req) => portal.act(actorOf(req), req.params.number, req.params.id),
  );
  r.get(
    '/api/corporate-portal/:number/notices/:id/attachment',
    { config: person, schema: { tags, summary: 'A notice’s attachment (PDF)', params: AtNotice } },
    async (req, reply) =>
      sendPdf(reply, await portal.attachment(actorOf(req), req.params.number, req.params.id)),
  );
  r.get(
    '/api/corporate-portal/:number/members',
    {
      config: person,
      schema: { tags, summary: 'Members, invitations and applications', params: AtCorporation },
    },
    async (req) => ({ members: await portal.members(actorOf(req), req.params.number) }),
  );
  r.post(
    '/api/corporate-portal/:number/invitations',
    {
      config: person,
      schema: {
        tags,
        summary: 'Invite an employee (administrator or staff); the one-time code is shown once',
        params: AtCorporation,
        body: Type.Object(
          { role: Type.Union([Type.Literal('administrator'), Type.Literal('staff')]) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) =>
      reply.code(201).send(await portal.invite(actorOf(req), req.params.number, req.body)),
  );
  r.post(
    '/api/corporate-portal/:number/members/:id/end',
    {
      config: person,
      schema: { tags, summary: 'End a member’s membership, or call back an invitation', params: AtNotice },
    },
    async (req) => portal.end(actorOf(req), req.params.number, req.params.id),
  );
  r.post(
    '/api/corporate-portal/:number/leave',
    {
      config: person,
      schema: { tags, summary: 'Leave the corporation (or withdraw my application)', params: AtCorporation },
    },
    async (req) => portal.leave(actorOf(req), req.params.number),
  );
  r.get(
    '/api/corporate-portal/:number/activity',
    {
      config: person,
      schema: {
        tags,
        summary: '操作履歴 of the corporation’s portal account, fifty a page',
        params: AtCorporation,
        querystring: Type.Object(
          { before: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => ({ entries: await portal.activity(actorOf(req), req.params.number, req.query.before) }),
  );

  // --- NTA operators ---------------------------------------------------------------------
  r.get(
    '/api/corporate-portal/review/applications',
    { config: nta, schema: { tags, summary: 'Representatives’ applications waiting for a decision' } },
    async () => ({ applications: await portal.applications() }),
  );
  r.post(
    '/api/corporate-portal/review/applications/:id/:decision',
    {
      config: nta,
      schema: {
        tags,
        summary: 'Approve or decline an application, after checking the commercial register',
        params: Type.Object({
          id: Id,
          decision: Type.Union([Type.Literal('approve'), Type.Literal('decline')]),
        }),
      },
    },
    async (req) => portal.decide(actorOf(req), req.params.id, req.params.decision === 'approve'),
  );
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Clock } from '../kernel/clock.ts';
import type { Db } from '../kernel/db.ts';
import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { actorOf } from '../kernel/http.ts';
import { parseFiling } from './filings.ts';
import { japanDate, LIFE_EVENTS } from './model.ts';
import { municipalities } from './schema.ts';
import { REGISTRY_ROLES, type RegistryService } from './service.ts';

const staff = { access: { roles: REGISTRY_ROLES } };
const Id = Type.String({ pattern: '^[0-9a-fA-F-]{36}$' });
const Code = Type.String({ pattern: '^[0-9]{6}$' });
const Short = (max: number) => Type.String({ maxLength: max });
const Household = Type.Object(
  {
    mode: Type.Union([Type.Literal('new'), Type.Literal('join')]),
    householdId: Type.Optional(Id),
    relationship: Type.Optional(Short(20)),
  },
  { additionalProperties: false },
);
const FilingBody = Type.Object(
  {
    kind: Type.Union(LIFE_EVENTS.map((k) => Type.Literal(k)) as never, {
      description: `One of ${LIFE_EVENTS.join(', ')}`,
    }),
    residentId: Type.Optional(Id),
    familyName: Type.Optional(Short(60)),
    givenName: Type.Optional(Short(60)),
    familyNameKana: Type.Optional(Short(120)),
    givenNameKana: Type.Optional(Short(120)),
    birthDate: Type.Optional(Short(10)),
    sex: Type.Optional(Short(1)),
    address: Type.Optional(Short(400)),
    postalCode: Type.Optional(Short(12)),
    effectiveDate: Type.Optional(Short(10)),
    movingTo: Type.Optional(Short(6)),
    reason: Type.Optional(Short(400)),
    household: Type.Optional(Household),
    changes: Type.Optional(Type.Record(Type.String({ maxLength: 32 }), Short(400))),
  },
  { additionalProperties: false },
);
const IdentityCheck = Type.Object(
  {
    purpose: Short(100),
    numberCheck: Type.Array(Short(60), { minItems: 1, maxItems: 5 }),
    identityCheck: Type.Array(Short(60), { minItems: 1, maxItems: 5 }),
  },
  { additionalProperties: false },
);

/**
 * The register over HTTP, for staff at the municipality (and the operator). Every
 * state change needs an Idempotency-Key header: a replay returns the first result.
 */
export async function registryRoutes(
  app: FastifyInstance,
  opts: { service: RegistryService; db: Db; clock: Clock },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { service, db, clock } = opts;
  const tags = ['registry'];

  r.get(
    '/api/registry/municipalities',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Prefectures, municipalities and wards with their local government codes',
        querystring: Type.Object({ prefecture: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })) }),
      },
    },
    async (req) => {
      const rows = await db
        .select()
        .from(municipalities)
        .where(req.query.prefecture ? eq(municipalities.prefectureCode, req.query.prefecture) : undefined)
        .orderBy(asc(municipalities.code));
      return { count: rows.length, municipalities: rows };
    },
  );

  r.post(
    '/api/registry/municipalities/:code/filings',
    {
      config: staff,
      schema: {
        tags,
        summary: 'File a life event (birth, move-in, move-out, …) at this municipality',
        params: Type.Object({ code: Code }),
        headers: Type.Object({ 'idempotency-key': Type.String({ minLength: 8, maxLength: 100 }) }),
        body: FilingBody,
      },
    },
    async (req, reply) => {
      const filing = parseFiling(req.body as Record<string, unknown>, japanDate(clock.now()));
      const result = await service.file(
        actorOf(req),
        req.params.code,
        filing,
        req.headers['idempotency-key'],
      );
      return reply.code(201).send(result);
    },
  );

  r.get(
    '/api/registry/municipalities/:code/residents',
    {
      config: staff,
      schema: {
        tags,
        summary:
          'Search residents by name (kana or kanji), optionally with the birth date; returns candidates',
        params: Type.Object({ code: Code }),
        querystring: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 60 }),
          birthDate: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
          includeFormer: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
          limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
        }),
      },
    },
    async (req) =>
      service.search(actorOf(req), {
        municipalityCode: req.params.code,
        name: req.query.name,
        ...(req.query.birthDate ? { birthDate: req.query.birthDate } : {}),
        includeFormer: req.query.includeFormer === 'true',
        limit: req.query.limit ? Number(req.query.limit) : 20,
      }),
  );

  r.get(
    '/api/registry/municipalities/:code/households/:id',
    {
      config: staff,
      schema: { tags, summary: 'A household and its members', params: Type.Object({ code: Code, id: Id }) },
    },
    async (req) => service.household(actorOf(req), req.params.code, req.params.id.toLowerCase()),
  );

  r.get(
    '/api/registry/residents/:id',
    {
      config: staff,
      schema: { tags, summary: 'A resident record (number masked)', params: Type.Object({ id: Id }) },
    },
    async (req) => service.get(actorOf(req), req.params.id.toLowerCase()),
  );

  r.get(
    '/api/registry/residents/:id/history',
    {
      config: staff,
      schema: { tags, summary: 'Every event of a record, in order', params: Type.Object({ id: Id }) },
    },
    async (req) => ({ events: await service.history(actorOf(req), req.params.id.toLowerCase()) }),
  );

  r.get(
    '/api/registry/residents/:id/notification-letter',
    {
      config: staff,
      schema: {
        tags,
        summary: '個人番号通知書 (notification letter) as a PDF; audited, since it carries the number',
        params: Type.Object({ id: Id }),
      },
    },
    async (req, reply) => {
      const pdf = await service.notificationLetter(actorOf(req), req.params.id.toLowerCase());
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="notification-letter.pdf"')
        .send(Buffer.from(pdf));
    },
  );

  r.post(
    '/api/registry/residents/:id/reveal-number',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Show the whole Individual Number; records the number and identity checks, and is audited',
        params: Type.Object({ id: Id }),
        body: IdentityCheck,
      },
    },
    async (req, reply) => {
      const shown = await service.revealNumber(actorOf(req), req.params.id.toLowerCase(), req.body);
      return reply.header('cache-control', 'no-store').send(shown);
    },
  );

  r.post(
    '/api/registry/residents/:id/number-collection',
    {
      config: staff,
      schema: {
        tags,
        summary:
          'Check a number handed in at the counter against the index (番号の収集); records the checks either way',
        params: Type.Object({ id: Id }),
        body: Type.Object(
          {
            individualNumber: Type.String({ minLength: 1, maxLength: 40 }),
            purpose: Short(100),
            numberCheck: Type.Array(Short(60), { minItems: 1, maxItems: 5 }),
            identityCheck: Type.Array(Short(60), { minItems: 1, maxItems: 5 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const { individualNumber, ...check } = req.body;
      return service.collectNumber(actorOf(req), req.params.id.toLowerCase(), individualNumber, check);
    },
  );

  r.post(
    '/api/registry/residents/:id/reissue-number',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Give a new number after a leak; the old one is retired for ever',
        params: Type.Object({ id: Id }),
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 400 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      if (req.body.reason.trim() === '') throw new DomainError(KernelErrors.REQUEST_INVALID, 'empty reason');
      return service.reissueNumber(actorOf(req), req.params.id.toLowerCase(), req.body.reason.trim());
    },
  );
}

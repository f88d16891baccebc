import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { actorOf } from '../kernel/http.ts';
import { ALL_PROCEDURES, LAYOUTS } from './catalogue.ts';
import { CODE_PATTERNS } from './codes.ts';
import { CORE_ROLES, type LinkageService, NODE_ROLES } from './service.ts';

const Institution = Type.String({ pattern: CODE_PATTERNS.institution });
const Addressee = Type.String({ pattern: '^[0-9A-Za-z-]{1,20}$' });
const Item = Type.String({ pattern: CODE_PATTERNS.item });
const NodeParams = Type.Object({ code: Institution });
// Query strings arrive as text (no coercion): whole numbers as digits, turned into numbers here.
const Size = Type.String({ pattern: '^[0-9]{1,15}$' });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const node = { access: { roles: NODE_ROLES } };
const core = { access: { roles: CORE_ROLES } };

const QuerySchema = Type.Object(
  {
    ref: Type.Optional(Type.String({ maxLength: 64 })),
    addressee: Type.Optional(Addressee),
    individualNumber: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
    procedure: Type.String({ pattern: CODE_PATTERNS.procedure }),
    step: Type.Optional(Type.String({ pattern: CODE_PATTERNS.step })),
    provider: Institution,
    item: Item,
    fiscalYear: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100 })),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
  },
  { additionalProperties: false },
);

/**
 * The network over HTTP: each institution's node (its operators; a municipality's clerks),
 * the core's operators, the public log (heads and proofs carry no personal data), and a
 * person's own records with proofs.
 */
export async function linkageRoutes(app: FastifyInstance, opts: { linkage: LinkageService }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { linkage } = opts;
  const tags = ['linkage'];

  r.post(
    '/api/linkage/institutions/:code/addressees',
    {
      config: node,
      schema: {
        tags,
        summary: 'Enrol a person on the node’s addressee map (団体内統合宛名番号 → code)',
        params: NodeParams,
        body: Type.Object(
          { addressee: Addressee, individualNumber: Type.String({ pattern: '^[0-9]{12}$' }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await linkage.enrol(actorOf(req), req.params.code, req.body.addressee, req.body.individualNumber),
        ),
  );
  r.put(
    '/api/linkage/institutions/:code/addressees/:addressee/copies/:item',
    {
      config: node,
      schema: {
        tags,
        summary: 'Register or update a copy (副本) in the item’s data standard layout',
        params: Type.Object({ code: Institution, addressee: Addressee, item: Item }),
        body: Type.Object(
          {
            data: Type.Record(Type.String(), Type.Unknown()),
            notDisclosed: Type.Optional(Type.Boolean()),
            validFrom: Type.Optional(Day),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) =>
      linkage.putCopy(actorOf(req), req.params.code, req.params.addressee, req.params.item, req.body.data, {
        notDisclosed: req.body.notDisclosed ?? false,
        validFrom: req.body.validFrom,
      }),
  );
  r.post(
    '/api/linkage/institutions/:code/queries',
    {
      config: node,
      schema: {
        tags,
        summary: 'Ask other institutions through the core (signed by this node); answers opened here',
        params: NodeParams,
        body: Type.Object(
          { queries: Type.Array(QuerySchema, { minItems: 1, maxItems: 500 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => ({ results: await linkage.query(actorOf(req), req.params.code, req.body.queries) }),
  );
  r.post(
    '/api/linkage/institutions/:code/keys',
    {
      config: node,
      schema: {
        tags,
        summary: 'Rotate the node’s signing and agreement keys (the old pair stays as the previous one)',
        params: NodeParams,
      },
    },
    async (req, reply) => reply.code(201).send(await linkage.rotateKeys(actorOf(req), req.params.code)),
  );
  r.get(
    '/api/linkage/institutions/:code/records',
    {
      config: node,
      schema: {
        tags,
        summary: 'This node’s own records of requests and provisions, newest first',
        params: NodeParams,
        querystring: Type.Object(
          {
            addressee: Type.Optional(Addressee),
            limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => ({
      records: await linkage.records(actorOf(req), req.params.code, {
        ...(req.query.addressee ? { addressee: req.query.addressee } : {}),
        limit: Math.max(1, Number(req.query.limit ?? 100)),
      }),
    }),
  );

  r.get(
    '/api/linkage/catalogue',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Procedures, the items each may ask and from which kind of provider; item layouts',
      },
    },
    async () => ({ procedures: ALL_PROCEDURES, items: LAYOUTS }),
  );
  r.get(
    '/api/linkage/institutions',
    { config: { access: { roles: NODE_ROLES } }, schema: { tags, summary: 'Institutions on the network' } },
    async () => ({
      institutions: linkage.institutions().map(({ signingKey: _s, agreementKey: _a, ...i }) => i),
    }),
  );
  r.post(
    '/api/linkage/institutions/:code/status',
    {
      config: core,
      schema: {
        tags,
        summary: 'Suspend or reinstate an institution on the network',
        params: NodeParams,
        body: Type.Object({ status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]) }),
      },
    },
    async (req) => {
      const {
        signingKey: _s,
        agreementKey: _a,
        ...i
      } = await linkage.setStatus(actorOf(req), req.params.code, req.body.status);
      return i;
    },
  );
  r.get(
    '/api/linkage/permissions',
    { config: { access: { roles: NODE_ROLES } }, schema: { tags, summary: 'The permission table in force' } },
    async () => linkage.permissions(),
  );
  r.post(
    '/api/linkage/permissions',
    {
      config: core,
      schema: {
        tags,
        summary: 'Publish a new version of the permission table (whole; in force at once)',
        body: Type.Object({ rows: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 100_000 }) }),
      },
    },
    async (req, reply) => reply.code(201).send(await linkage.publishPermissions(actorOf(req), req.body.rows)),
  );
  r.get(
    '/api/linkage/stats',
    { config: core, schema: { tags, summary: 'Exchanges by outcome, item and procedure' } },
    async (req) => linkage.stats(actorOf(req)),
  );

  r.get(
    '/api/linkage/log/head',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'The newest signed tree head, and the log’s key' },
    },
    async () => ({ head: await linkage.network.core.log.head(), key: linkage.network.core.log.publicKey }),
  );
  r.get(
    '/api/linkage/log/proofs/inclusion',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Inclusion proof of a log entry in the tree of a size (RFC 9162)',
        querystring: Type.Object({ seq: Size, size: Size }, { additionalProperties: false }),
      },
    },
    async (req) => ({
      proof: linkage.network.core.log.inclusionProof(Number(req.query.seq), Number(req.query.size)),
    }),
  );
  r.get(
    '/api/linkage/log/proofs/consistency',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Consistency proof between two tree sizes (RFC 9162)',
        querystring: Type.Object({ from: Size, to: Size }, { additionalProperties: false }),
      },
    },
    async (req) => ({
      proof: linkage.network.core.log.consistencyProof(Number(req.query.from), Number(req.query.to)),
    }),
  );
  r.get(
    '/api/linkage/my-records',
    {
      config: { access: 'person' },
      schema: { tags, summary: 'My information provision records (情報提供等記録), each with its proof' },
    },
    async (req) => linkage.recordsOfResident(actorOf(req).residentId ?? ''),
  );
}

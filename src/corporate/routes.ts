import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../kernel/errors.ts';
import { errorBody } from '../kernel/http.ts';
import { CorporateNumber } from '../numbers/index.ts';
import type { ApplicationIds } from './applications.ts';
import { BULK_CONTENT_TYPES, BULK_FORMATS, bulkFile, bulkFileName, bulkSelection } from './bulk-files.ts';
import { CorporateErrors, WEB_API_MESSAGES } from './errors.ts';
import { bodyFormatOf, type ResponseType, render } from './formats.ts';
import type { CorporationVersion } from './model.ts';
import { parseChange, parseDesignation } from './operations.ts';
import { citiesOf, PREFECTURE_CODE } from './places.ts';
import type { CorporateService } from './service.ts';
import type { Page, PageShape } from './store.ts';
import {
  type AnsweredPage,
  byName,
  byNumber,
  byPeriod,
  nameQuery,
  placeQuery,
  type Query,
  responseType,
  strictQuery,
} from './webapi.ts';

const NTA = { access: { roles: ['nta-operator' as const] } };
const PUBLIC = { access: 'public' as const };

/** Every Web-API parameter, as text; the handler checks them so errors come in the NTA's style. */
const WebApiQuery = Type.Object(
  Object.fromEntries(
    [
      'id',
      'number',
      'type',
      'history',
      'from',
      'to',
      'address',
      'kind',
      'divide',
      'name',
      'mode',
      'target',
      'change',
      'close',
    ].map((k) => [k, Type.Optional(Type.String())]),
  ),
);

/** A page of the site's search (50 a page unless asked, at most 200), with how many pages there are. */
async function sitePage(
  q: { page?: string | undefined; size?: string | undefined },
  search: (offset: number, size: number) => Promise<Page>,
) {
  const size = Math.min(Number(q.size ?? 50), 200);
  const page = Number(q.page ?? 1);
  const result = await search((page - 1) * size, size);
  return {
    count: result.count,
    page,
    pages: Math.max(1, Math.ceil(result.count / size)),
    corporations: result.records as CorporationVersion[],
  };
}

/**
 * The corporate registry over HTTP: the NTA Web-API v4 (`/4/num`, `/4/diff`, `/4/name`, with
 * application ids), the publication site's JSON (public, no login), bulk files, the NTA
 * operators' designations and changes, and application ids.
 */
export async function corporateRoutes(
  app: FastifyInstance,
  opts: { corporate: CorporateService; applications: ApplicationIds },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { corporate, applications } = opts;
  const tags = ['corporate'];

  const webApi = (
    path: string,
    summary: string,
    run: (service: CorporateService, q: Query, shape: PageShape) => Promise<AnsweredPage>,
  ) =>
    r.get(
      path,
      {
        // Public at the platform's gate: the application id is the Web-API's own credential.
        config: PUBLIC,
        // The schema documents the parameters; the handler reads them strictly itself.
        attachValidation: true,
        schema: {
          tags: ['corporate Web-API v4'],
          summary,
          description:
            'Compatible with the NTA’s 法人番号システム Web-API version 4. `type`: 01 CSV (Shift_JIS), 02 CSV (UTF-8), 12 XML, json (extension). Errors: HTTP 400/403 with a `NNN,message` text body (JSON for type=json).',
          querystring: WebApiQuery,
        },
      },
      async (req, reply) => {
        const json = (req.query as Query).type === 'json';
        try {
          const q = strictQuery(req.url);
          await applications.check(typeof q.id === 'string' ? q.id : undefined);
          const type: ResponseType = responseType(q);
          // CSV and XML pages come written out by the database; json needs the records.
          const page = await run(corporate, q, bodyFormatOf(type) ?? 'records');
          // A page written from memory lends its buffer: given back once the response is done.
          if (page.release) reply.raw.once('close', page.release);
          const rendered = render(type, page);
          return reply.type(rendered.contentType).send(rendered.body);
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          return webApiError(reply, e, json);
        }
      },
    );
  webApi('/4/num', 'Corporations by number (up to 10), with history on request', byNumber);
  webApi('/4/diff', 'Versions recorded in a period (at most 50 days), by place and kind', byPeriod);
  webApi('/4/name', 'Search by name: prefix or partial, fuzzy, exact or English', byName);

  r.get(
    '/api/corporate/corporations/:number',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'A corporation’s latest record and its history (publication site)',
        params: Type.Object({ number: Type.String({ maxLength: 20 }) }),
      },
    },
    async (req) => {
      const parsed = CorporateNumber.parse(req.params.number);
      if (!parsed.ok) throw new DomainError(CorporateErrors.CORPORATE_NUMBER_INVALID);
      const history = await corporate.byNumbers([parsed.value], true);
      const latest = history.find((v) => v.latest === '1');
      if (!latest) throw new DomainError(CorporateErrors.CORPORATE_NOT_FOUND);
      return { corporation: latest, history };
    },
  );

  r.get(
    '/api/corporate/search',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Search by name as the publication site does (the Web-API’s name search, as JSON)',
        querystring: Type.Object(
          {
            name: Type.String({ maxLength: 300 }),
            mode: Type.Optional(Type.String({ maxLength: 1 })),
            target: Type.Optional(Type.String({ maxLength: 1 })),
            address: Type.Optional(Type.String({ maxLength: 5 })),
            kind: Type.Optional(Type.String({ maxLength: 2 })),
            change: Type.Optional(Type.String({ maxLength: 1 })),
            close: Type.Optional(Type.String({ maxLength: 1 })),
            from: Type.Optional(Type.String({ maxLength: 10 })),
            to: Type.Optional(Type.String({ maxLength: 10 })),
            page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })),
            size: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const query = nameQuery(req.query as Query);
      return sitePage(req.query, (offset, size) => corporate.searchName(query, offset, size));
    },
  );

  r.get(
    '/api/corporate/by-address',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Corporations at a place (a prefecture, or prefecture and city), by name (publication site)',
        querystring: Type.Object(
          {
            address: Type.String({ maxLength: 5 }),
            street: Type.Optional(Type.String({ maxLength: 300 })),
            kind: Type.Optional(Type.String({ maxLength: 2 })),
            close: Type.Optional(Type.String({ maxLength: 1 })),
            page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })),
            size: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const query = placeQuery(req.query as Query);
      return sitePage(req.query, (offset, size) => corporate.searchPlace(query, offset, size));
    },
  );
  r.get(
    '/api/corporate/places/:prefecture',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'The cities of a prefecture with their codes, for the search by address',
        params: Type.Object({ prefecture: Type.String({ pattern: `^${PREFECTURE_CODE}$` }) }),
      },
    },
    async (req) => ({ cities: citiesOf(req.params.prefecture) }),
  );

  r.get(
    '/api/corporate/downloads/:file',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Bulk files: full (all, or one prefecture) and differences, in the NTA’s 30-column layout',
        params: Type.Object({ file: Type.Union([Type.Literal('all'), Type.Literal('diff')]) }),
        querystring: Type.Object(
          {
            format: Type.Union(BULK_FORMATS.map((f) => Type.Literal(f))),
            prefecture: Type.Optional(Type.String({ pattern: `^${PREFECTURE_CODE}$` })),
            from: Type.Optional(Type.String({ maxLength: 10 })),
            to: Type.Optional(Type.String({ maxLength: 10 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const { format, prefecture, from, to } = req.query;
      const selection = bulkSelection({ diff: req.params.file === 'diff', from, to, prefecture });
      const lastUpdateDate = await corporate.lastUpdateDate();
      const name = bulkFileName(selection, lastUpdateDate || '00000000', format);
      return reply
        .type(BULK_CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(Readable.from(bulkFile(corporate.store, selection, format, lastUpdateDate)));
    },
  );

  r.post(
    '/api/corporate/corporations',
    {
      config: NTA,
      schema: {
        tags,
        summary: 'Designate a number for a new corporation (process 01)',
        body: Type.Record(Type.String(), Type.Unknown()),
      },
    },
    async (req, reply) =>
      reply.code(201).send({ corporation: await corporate.designate(parseDesignation(req.body)) }),
  );

  r.post(
    '/api/corporate/corporations/:number/changes',
    {
      config: NTA,
      schema: {
        tags,
        summary:
          'Record a change: 11 name, 12/13 address, 21 closure, 22 revival, 71 merger, 72, 81, 99 deleted',
        params: Type.Object({ number: Type.String({ pattern: '^[0-9]{13}$' }) }),
        body: Type.Record(Type.String(), Type.Unknown()),
      },
    },
    async (req, reply) => {
      if (!CorporateNumber.isValid(req.params.number))
        throw new DomainError(CorporateErrors.CORPORATE_NUMBER_INVALID);
      return reply
        .code(201)
        .send({ corporation: await corporate.record(req.params.number, parseChange(req.body)) });
    },
  );

  r.post(
    '/api/corporate/applications',
    {
      // Registered users: anyone who logs in with a card, and the NTA's operators.
      config: { access: { roles: ['nta-operator' as const], orPerson: true } },
      schema: {
        tags,
        summary: 'Issue a Web-API application id (shown once)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            contact: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) =>
      reply.code(201).send(await applications.issue(req.body.name, req.body.contact ?? '')),
  );
  r.get(
    '/api/corporate/applications',
    { config: NTA, schema: { tags, summary: 'Application ids issued (hints only)' } },
    async () => ({ applications: await applications.list() }),
  );
}

/** `NNN,message` as text for the NTA's formats; our JSON error (with the NTA number) for json. */
function webApiError(reply: FastifyReply, e: DomainError, json: boolean): FastifyReply {
  const nta = WEB_API_MESSAGES[e.code as keyof typeof WEB_API_MESSAGES];
  if (json || !nta) {
    return reply.code(e.status).send(errorBody(e, nta ? { ntaCode: nta[0] } : undefined));
  }
  return reply.code(e.status).type('text/plain; charset=UTF-8').send(`${nta[0]},${nta[1]}`);
}

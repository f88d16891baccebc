import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { actorOf } from '../kernel/http.ts';
import { PIN_KINDS } from './pins.ts';
import { CARD_ROLES, type CardService } from './service.ts';

const counter = { access: { roles: CARD_ROLES } };
const counterOrHolder = { access: { roles: CARD_ROLES, orPerson: true } };
const Id = Type.String({ pattern: '^[0-9a-fA-F-]{36}$' });
const Params = Type.Object({ id: Id });
const Pem = Type.String({ maxLength: 8192, pattern: '^-----BEGIN CERTIFICATE REQUEST-----' });

/**
 * Cards over HTTP: the municipal counter's steps (staff holding a card role at the
 * card's municipality), and suspension for the holder too, at any hour.
 */
export async function cardRoutes(app: FastifyInstance, opts: { cards: CardService }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { cards } = opts;
  const tags = ['card'];

  r.post(
    '/api/cards',
    {
      config: counter,
      schema: {
        tags,
        summary: 'Take a card application for a resident (交付申請)',
        body: Type.Object({ residentId: Id }, { additionalProperties: false }),
      },
    },
    async (req, reply) => reply.code(201).send(await cards.apply(actorOf(req), req.body.residentId)),
  );
  r.get(
    '/api/cards',
    {
      config: counterOrHolder,
      schema: {
        tags,
        summary: "A resident's cards, newest first",
        querystring: Type.Object({ residentId: Id }, { additionalProperties: false }),
      },
    },
    async (req) => ({ cards: await cards.ofResident(actorOf(req), req.query.residentId) }),
  );
  r.get(
    '/api/cards/:id',
    {
      config: counterOrHolder,
      schema: { tags, summary: 'A card and the actions it allows', params: Params },
    },
    async (req) => cards.get(actorOf(req), req.params.id),
  );
  r.get(
    '/api/cards/:id/history',
    { config: counterOrHolder, schema: { tags, summary: 'Everything done to a card', params: Params } },
    async (req) => ({ events: await cards.history(actorOf(req), req.params.id) }),
  );
  r.post(
    '/api/cards/:id/identity-verification',
    {
      config: counter,
      schema: {
        tags,
        summary: 'Record the identity verification at the counter (本人確認)',
        params: Params,
        body: Type.Object(
          { documents: Type.Array(Type.String({ maxLength: 60 }), { minItems: 1, maxItems: 5 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => cards.verifyIdentity(actorOf(req), req.params.id, req.body.documents),
  );
  r.post(
    '/api/cards/:id/issuance',
    {
      config: counter,
      schema: {
        tags,
        summary: "Issue the certificates from the chip's requests; returns what to write on the chip",
        params: Params,
        body: Type.Object(
          { authenticationCsr: Pem, signatureCsr: Type.Optional(Pem) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) =>
      cards.issue(actorOf(req), req.params.id, {
        authentication: req.body.authenticationCsr,
        ...(req.body.signatureCsr ? { signature: req.body.signatureCsr } : {}),
      }),
  );
  r.post(
    '/api/cards/:id/delivery',
    {
      config: counter,
      schema: {
        tags,
        summary: 'Hand the card over (交付): the holder has set the PINs',
        params: Params,
      },
    },
    async (req) => cards.deliver(actorOf(req), req.params.id),
  );
  r.post(
    '/api/cards/:id/suspension',
    {
      config: counterOrHolder,
      schema: {
        tags,
        summary: 'Suspend the card at once (一時停止), 24/7: certificates held, sessions ended',
        params: Params,
      },
    },
    async (req) => cards.suspend(actorOf(req), { cardId: req.params.id }),
  );
  r.post(
    '/api/cards/suspension',
    {
      config: counter,
      schema: {
        tags,
        summary: "Suspend by a certificate's serial number (the 24/7 line)",
        body: Type.Object(
          { serial: Type.String({ pattern: '^[0-9a-fA-F]{1,40}$' }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => cards.suspend(actorOf(req), { serial: req.body.serial }),
  );
  r.post(
    '/api/cards/:id/resumption',
    {
      config: counter,
      schema: {
        tags,
        summary: 'Resume a suspended card (at the counter only)',
        params: Params,
      },
    },
    async (req) => cards.resume(actorOf(req), req.params.id),
  );
  r.post(
    '/api/cards/:id/return',
    {
      config: counter,
      schema: {
        tags,
        summary: 'The holder returns the card (返納); certificates revoked',
        params: Params,
      },
    },
    async (req) => cards.returnCard(actorOf(req), req.params.id),
  );
  r.post(
    '/api/cards/:id/invalidation',
    {
      config: counter,
      schema: {
        tags,
        summary: 'Invalidate a card (失効): a failed issuance, a card found invalid; certificates revoked',
        params: Params,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => cards.invalidate(actorOf(req), req.params.id, req.body.reason),
  );
  r.post(
    '/api/cards/:id/pin-reset',
    {
      config: counter,
      schema: {
        tags,
        summary: 'Authorise the chip to take a new PIN (after identity verification)',
        params: Params,
        body: Type.Object(
          { kind: Type.Union(PIN_KINDS.map((k) => Type.Literal(k)) as never) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) =>
      cards.pinReset(actorOf(req), req.params.id, (req.body as { kind: (typeof PIN_KINDS)[number] }).kind),
  );
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { crlPem } from './ca.ts';
import { CERTIFICATE_KINDS } from './model.ts';
import type { PkiService } from './service.ts';

/**
 * Public by nature: a CA's certificate and its CRL are what relying parties need to
 * check a card's certificates, so anyone may fetch them (DER, or PEM with `.pem`).
 */
export async function pkiRoutes(app: FastifyInstance, opts: { pki: PkiService }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const params = Type.Object({ kind: Type.Union(CERTIFICATE_KINDS.map((k) => Type.Literal(k)) as never) });
  const tags = ['pki'];
  type P = { kind: (typeof CERTIFICATE_KINDS)[number] };

  r.get(
    '/api/pki/:kind/ca',
    { config: { access: 'public' }, schema: { tags, summary: "A JPKI CA's certificate (DER)", params } },
    async (req, reply) =>
      reply
        .type('application/pkix-cert')
        .send(Buffer.from(opts.pki.ca((req.params as P).kind).certificate.rawData)),
  );
  r.get(
    '/api/pki/:kind/ca.pem',
    { config: { access: 'public' }, schema: { tags, summary: "A JPKI CA's certificate (PEM)", params } },
    async (req, reply) =>
      reply
        .type('application/x-pem-file')
        .send(opts.pki.ca((req.params as P).kind).certificate.toString('pem')),
  );
  r.get(
    '/api/pki/:kind/crl',
    { config: { access: 'public' }, schema: { tags, summary: "A JPKI CA's current CRL (DER)", params } },
    async (req, reply) => {
      const crl = await opts.pki.crl((req.params as P).kind);
      return reply
        .type('application/pkix-crl')
        .header('cache-control', 'max-age=300')
        .send(Buffer.from(crl.rawData));
    },
  );
  r.get(
    '/api/pki/:kind/crl.pem',
    {
      config: { access: 'public' },
      schema: { tags, summary: "A JPKI CA's current CRL (PEM, label X509 CRL)", params },
    },
    async (req, reply) => {
      const crl = await opts.pki.crl((req.params as P).kind);
      return reply.type('application/x-pem-file').header('cache-control', 'max-age=300').send(crlPem(crl));
    },
  );
}

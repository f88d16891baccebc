import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { crlPem } from './ca.ts';
import { CERTIFICATE_KINDS } from './model.ts';
import type { PkiService } from './service.ts';

const Base64 = (max: number) => Type.String({ maxLength: max, pattern: '^[A-Za-z0-9+/]+={0,2}$' });
const VerificationBody = Type.Object(
  {
    certificate: Type.String({
      maxLength: 12_000,
      description: 'The signature certificate: PEM, or base64 DER',
    }),
    data: Base64(1_400_000),
    signature: Base64(2048),
  },
  { additionalProperties: false },
);

/** PEM or base64 DER of one certificate, as bytes. */
function certificateBytes(text: string): Uint8Array {
  const body = text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(body, 'base64'));
}

/** OCSP requests are small: one to a few CertIDs and a nonce. */
const OCSP_BODY_LIMIT = 4096;

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

  // 署名検証: for registered verifiers only (a bank doing eKYC); the four facts only when valid.
  r.post(
    '/api/pki/verification',
    {
      config: { access: { roles: ['registered-verifier'] } },
      schema: {
        tags,
        summary:
          'Verify a signature made with a signature certificate: chain, validity, policy, revocation; returns the four facts',
        body: VerificationBody,
      },
    },
    async (req) =>
      opts.pki.verifySignature({
        certificate: certificateBytes(req.body.certificate),
        data: new Uint8Array(Buffer.from(req.body.data, 'base64')),
        signature: new Uint8Array(Buffer.from(req.body.signature, 'base64')),
      }),
  );

  // OCSP (RFC 6960 appendix A): POST with the DER request, or GET with it base64-encoded
  // in the path. Answers are never cached by intermediaries: a suspension shows at once.
  app.addContentTypeParser(
    'application/ocsp-request',
    { parseAs: 'buffer', bodyLimit: OCSP_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );
  const answer = async (reply: FastifyReply, request: Uint8Array) => {
    const { response, malformed } = await opts.pki.ocsp(request);
    return reply
      .code(malformed ? 400 : 200)
      .type('application/ocsp-response')
      .header('cache-control', 'no-store')
      .send(Buffer.from(response));
  };
  r.post(
    '/api/pki/ocsp',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'OCSP responder for both JPKI CAs (RFC 6960, POST application/ocsp-request)' },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) throw new DomainError(KernelErrors.REQUEST_MEDIA_TYPE, 'ocsp body');
      return answer(reply, new Uint8Array(req.body));
    },
  );
  r.get(
    '/api/pki/ocsp/*',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'OCSP responder, GET form: the DER request base64-encoded in the path' },
    },
    async (req, reply) => {
      const encoded = safeDecode((req.params as { '*': string })['*']);
      const request =
        /^[A-Za-z0-9+/]*={0,2}$/.test(encoded) && encoded.length <= OCSP_BODY_LIMIT
          ? Buffer.from(encoded, 'base64')
          : Buffer.alloc(0);
      return answer(reply, new Uint8Array(request));
    },
  );
}

/** The path segment decoded; malformed escapes give an empty (malformed) request, not a 500. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}

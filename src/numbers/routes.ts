import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { NUMBER_KINDS, validateNumber } from './validate.ts';

const Kind = Type.Union(
  [Type.Literal('individual'), Type.Literal('corporate'), Type.Literal('local-government')],
  {
    description: `One of ${NUMBER_KINDS.join(', ')}`,
  },
);
/** Long enough for any number typed with separators; a novel is not a number. */
const Value = Type.String({ maxLength: 64 });

const ValidationResult = Type.Object({
  kind: Type.Union([Kind, Type.Null()]),
  valid: Type.Boolean(),
  normalized: Type.String(),
  formatted: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
});

export const MAX_BATCH = 10_000;

export async function numbersRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/api/numbers/validate',
    {
      config: { access: 'public' },
      schema: {
        tags: ['numbers'],
        summary: 'Validate an Individual Number, Corporate Number or local government code',
        description:
          'Normalises full-width digits, spaces and hyphens, then checks the digits, length and check digit. ' +
          'Without `kind`, the kind is told from the length (12, 13 or 6 digits).',
        body: Type.Object({ value: Value, kind: Type.Optional(Kind) }, { additionalProperties: false }),
        response: { 200: ValidationResult },
      },
    },
    async (req) => validateNumber(req.body.value, req.body.kind),
  );

  r.post(
    '/api/numbers/validate-batch',
    {
      config: { access: 'public' },
      schema: {
        tags: ['numbers'],
        summary: `Validate up to ${MAX_BATCH.toLocaleString('en')} numbers at once`,
        body: Type.Object(
          { values: Type.Array(Value, { minItems: 1, maxItems: MAX_BATCH }), kind: Type.Optional(Kind) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            count: Type.Integer(),
            valid: Type.Integer(),
            invalid: Type.Integer(),
            results: Type.Array(ValidationResult),
          }),
        },
      },
    },
    async (req) => {
      const results = req.body.values.map((v) => validateNumber(v, req.body.kind));
      const valid = results.filter((x) => x.valid).length;
      return { count: results.length, valid, invalid: results.length - valid, results };
    },
  );
}

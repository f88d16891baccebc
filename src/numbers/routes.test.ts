import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/support/app.ts';

let app: FastifyInstance;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ app, close } = await testApp());
});
afterAll(async () => close());

const validate = async (body: unknown) =>
  (await app.inject({ method: 'POST', url: '/api/numbers/validate', payload: body as object })).json();

describe('POST /api/numbers/validate', () => {
  it('validates an Individual Number typed with full-width digits, masking it in display form', async () => {
    expect(await validate({ value: '６２１４ ９８３２ ０２５７' })).toEqual({
      kind: 'individual',
      valid: true,
      normalized: '621498320257',
      formatted: '**** **** 0257',
      error: null,
    });
  });

  it('tells the kind from the length', async () => {
    expect((await validate({ value: '7000012050002' })).kind).toBe('corporate');
    expect((await validate({ value: '7000012050002' })).formatted).toBe('7-0000-1205-0002');
    expect((await validate({ value: '131016' })).kind).toBe('local-government');
    const unknown = await validate({ value: '12345' });
    expect(unknown).toMatchObject({ kind: null, valid: false, error: { code: 'NUMBERS_KIND_UNKNOWN' } });
  });

  it('reports the rule broken, for the kind asked', async () => {
    expect((await validate({ value: '123456789012' })).error.code).toBe('NUMBERS_CHECK_DIGIT');
    expect((await validate({ value: '12345678901', kind: 'individual' })).error.code).toBe('NUMBERS_LENGTH');
    expect((await validate({ value: '1234567890ab' })).error.code).toBe('NUMBERS_NOT_DIGITS');
    expect((await validate({ value: '' })).error.code).toBe('NUMBERS_EMPTY');
    expect((await validate({ value: '8000012050002', kind: 'corporate' })).error.code).toBe(
      'NUMBERS_CHECK_DIGIT',
    );
  });
});

describe('POST /api/numbers/validate-batch', () => {
  it('validates up to 10,000 values and counts them', async () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? '621498320257' : '621498320258'));
    const res = await app.inject({ method: 'POST', url: '/api/numbers/validate-batch', payload: { values } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ count: 10_000, valid: 5_000, invalid: 5_000 });
    expect(body.results[1].valid).toBe(true);
    expect(body.results[0].error.code).toBe('NUMBERS_CHECK_DIGIT');
  });

  it('refuses more than 10,000 or none', async () => {
    const over = await app.inject({
      method: 'POST',
      url: '/api/numbers/validate-batch',
      payload: { values: Array.from({ length: 10_001 }, () => '1') },
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.code).toBe('REQUEST_INVALID');
    const none = await app.inject({
      method: 'POST',
      url: '/api/numbers/validate-batch',
      payload: { values: [] },
    });
    expect(none.statusCode).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN, testApp } from '../../test/support/app.ts';
import { CHIYODA, registerPerson } from '../../test/support/cards.ts';
import { ITEMS, PROCEDURE } from './catalogue.ts';
import { localGovernmentInstitution } from './codes.ts';

let t: Awaited<ReturnType<typeof testApp>>;
const A = localGovernmentInstitution('municipality', CHIYODA);
const auth = { authorization: `Bearer ${OPERATOR_TOKEN}` };
let number = '';

beforeAll(async () => {
  t = await testApp();
  const id = await registerPerson(t.contexts);
  const rrc = await t.contexts.registry.service.residentRecordCodeOf(id);
  number = (await t.contexts.registry.index.numberOf(t.contexts.database.db, rrc!))!;
  await t.contexts.linkage.joinLocalGovernment(CHIYODA);
}, 60_000);
afterAll(async () => t?.close());

const call = (
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = auth,
) => t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

/** A local tax copy for a fiscal year, 森林環境税 included (layout version 2 needs it from 2024). */
const taxCopy = (fiscalYear: number) => ({
  fiscalYear,
  municipalityCode: CHIYODA,
  totalIncome: 1,
  taxableIncome: 1,
  municipalTax: 1,
  prefecturalTax: 1,
  forestEnvironmentTax: 1000,
  dependents: 0,
  exempt: true,
});

describe('linkage over HTTP', () => {
  it('a node enrols, keeps a copy, asks and reads its records', async () => {
    expect(
      (
        await call('POST', `/api/linkage/institutions/${A}/addressees`, {
          addressee: 'X1',
          individualNumber: number,
        })
      ).statusCode,
    ).toBe(201);
    const copy = await call('PUT', `/api/linkage/institutions/${A}/addressees/X1/copies/${ITEMS.localTax}`, {
      data: taxCopy(2025),
    });
    // Fiscal 2025 is checked against layout version 2 (森林環境税 from fiscal 2024).
    expect(copy.json()).toEqual({
      item: ITEMS.localTax,
      period: '2025',
      validFrom: '2025-04-01',
      layoutVersion: 2,
    });
    const asked = await call('POST', `/api/linkage/institutions/${A}/queries`, {
      queries: [
        {
          addressee: 'X1',
          procedure: PROCEDURE.childAllowance,
          provider: A,
          item: ITEMS.localTax,
          fiscalYear: 2025,
        },
      ],
    });
    expect(asked.statusCode).toBe(200);
    expect(asked.json().results[0]).toMatchObject({
      outcome: 'provided',
      answer: { found: true, data: { exempt: true } },
    });
    await t.contexts.linkage.municipality(CHIYODA).drain();
    const records = (await call('GET', `/api/linkage/institutions/${A}/records?addressee=X1`)).json().records;
    expect(records.map((r: { role: string }) => r.role).sort()).toEqual(['provision', 'request']);
    // After a key rotation the node's queries are signed, sealed and opened with the new keys.
    const rotated = await call('POST', `/api/linkage/institutions/${A}/keys`);
    expect(rotated.statusCode).toBe(201);
    expect(Object.keys(rotated.json()).sort()).toEqual(['agreementKeyId', 'rotatedAt', 'signingKeyId']);
    const again = await call('POST', `/api/linkage/institutions/${A}/queries`, {
      queries: [{ addressee: 'X1', procedure: PROCEDURE.childAllowance, provider: A, item: ITEMS.localTax }],
    });
    expect(again.json().results[0]).toMatchObject({ outcome: 'provided', answer: { found: true } });
  });

  it('bad input gets typed errors, never a 500', async () => {
    const layout = await call(
      'PUT',
      `/api/linkage/institutions/${A}/addressees/X1/copies/${ITEMS.localTax}`,
      {
        data: { fiscalYear: '2025' },
      },
    );
    expect(layout.statusCode).toBe(400);
    expect(layout.json().error).toMatchObject({ code: 'LINKAGE_LAYOUT_INVALID', field: 'fiscalYear' });
    const notProvider = await call(
      'PUT',
      `/api/linkage/institutions/${A}/addressees/X1/copies/${ITEMS.pensionBenefits}`,
      {
        data: { receiving: true },
      },
    );
    expect(notProvider.json().error.code).toBe('LINKAGE_ITEM_NOT_PROVIDED');
    const unknownPerson = await call('POST', `/api/linkage/institutions/${A}/addressees`, {
      addressee: 'X2',
      individualNumber: '123456789018',
    });
    expect(unknownPerson.json().error.code).toBe('LINKAGE_PERSON_UNKNOWN');
    const badCode = await call('POST', `/api/linkage/institutions/${A}/queries`, {
      queries: [{ addressee: 'X1', procedure: 'JM1', provider: A, item: ITEMS.localTax }],
    });
    expect(badCode.statusCode).toBe(400);
    const notEnrolled = await call('POST', `/api/linkage/institutions/${A}/queries`, {
      queries: [
        { addressee: 'NOPE', procedure: PROCEDURE.childAllowance, provider: A, item: ITEMS.localTax },
      ],
    });
    expect(notEnrolled.json().error.code).toBe('LINKAGE_ADDRESSEE_UNKNOWN');
    const ask = { addressee: 'X1', procedure: PROCEDURE.childAllowance, provider: A, item: ITEMS.household };
    for (const [period, field] of [
      [{ from: '2026-05-01', to: '2026-04-01' }, 'to'],
      [{ from: '2023-02-29' }, 'from'],
    ] as const) {
      const bad = await call('POST', `/api/linkage/institutions/${A}/queries`, {
        queries: [{ ...ask, ...period }],
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({ code: 'LINKAGE_CONDITION_INVALID', field });
    }
    const badDay = await call(
      'PUT',
      `/api/linkage/institutions/${A}/addressees/X1/copies/${ITEMS.household}`,
      {
        data: { municipalityCode: CHIYODA, relationship: '世帯主', householdSize: 1, members: '1人' },
        validFrom: '2025-02-30',
      },
    );
    expect(badDay.json().error).toMatchObject({ code: 'LINKAGE_LAYOUT_INVALID', field: 'validFrom' });
    // 森林環境税 is not in force in fiscal 2023: layout version 1 has no such field.
    const early = await call('PUT', `/api/linkage/institutions/${A}/addressees/X1/copies/${ITEMS.localTax}`, {
      data: taxCopy(2023),
    });
    expect(early.json().error).toMatchObject({
      code: 'LINKAGE_LAYOUT_INVALID',
      field: 'forestEnvironmentTax',
    });
    const table = await call('POST', '/api/linkage/permissions', { rows: [{ requester: { kind: 'bank' } }] });
    expect(table.json().error.code).toBe('LINKAGE_PERMISSIONS_INVALID');
    const proof = await call('GET', '/api/linkage/log/proofs/inclusion?seq=999&size=1000', undefined, {});
    expect(proof.json().error.code).toBe('LINKAGE_PROOF_RANGE');
    const unknownNode = await call('GET', '/api/linkage/institutions/9999999999999999/records');
    expect(unknownNode.json().error.code).toBe('LINKAGE_INSTITUTION_UNKNOWN');
  });

  it('the log is public: a signed head and proofs, no personal data', async () => {
    const head = (await call('GET', '/api/linkage/log/head', undefined, {})).json();
    expect(head.head.size).toBeGreaterThan(0);
    expect(head.key).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(head.key.d).toBeUndefined();
    const consistency = await call(
      'GET',
      `/api/linkage/log/proofs/consistency?from=1&to=${head.head.size}`,
      undefined,
      {},
    );
    expect(consistency.statusCode).toBe(200);
  });

  it('the table in force and the statistics', async () => {
    const table = (await call('GET', '/api/linkage/permissions')).json();
    expect(table.version).toBe(1);
    expect(table.rows.length).toBeGreaterThan(50);
    const stats = (await call('GET', '/api/linkage/stats')).json();
    expect(stats.byItem[0]).toMatchObject({ item: ITEMS.localTax, name: '地方税関係情報（課税情報）' });
  });
});

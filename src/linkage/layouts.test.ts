import { describe, expect, it } from 'vitest';
import { isCalendarDay } from '../kernel/japanese-date.ts';
import { ITEMS } from './catalogue.ts';
import { checkCopy, fiscalYearOf, layoutOf, layoutVersion, validFromOf } from './layouts.ts';

const tax = (fiscalYear: number, extra: Record<string, unknown> = {}) => ({
  fiscalYear,
  municipalityCode: '131016',
  totalIncome: 1,
  taxableIncome: 1,
  municipalTax: 1,
  prefecturalTax: 1,
  dependents: 0,
  exempt: false,
  ...extra,
});

describe('data standard layouts, versioned', () => {
  it('gives the version in force on a day, the newest without one', () => {
    expect(layoutOf(ITEMS.localTax, '2024-03-31').version).toBe(1);
    expect(layoutOf(ITEMS.localTax, '2024-04-01').version).toBe(2);
    expect(layoutOf(ITEMS.localTax).version).toBe(2);
    expect(layoutOf(ITEMS.localTax, '2010-01-01').version).toBe(1);
    expect(layoutOf(ITEMS.childAllowance, '2024-09-30').version).toBe(1);
    expect(layoutOf(ITEMS.childAllowance, '2024-10-01').version).toBe(2);
    expect(layoutVersion(ITEMS.localTax, 3)).toBeNull();
    expect(() => layoutOf('TM99999999999999')).toThrow(
      expect.objectContaining({ code: 'LINKAGE_CODE_FORMAT' }),
    );
  });

  it('checks a copy against the fields in force on its day', () => {
    const v1 = layoutOf(ITEMS.localTax, '2023-04-01');
    const v2 = layoutOf(ITEMS.localTax, '2025-04-01');
    expect(checkCopy(v1, tax(2023), '2023-04-01')).toEqual(tax(2023));
    expect(() => checkCopy(v2, tax(2025), '2025-04-01')).toThrow(
      expect.objectContaining({ code: 'LINKAGE_LAYOUT_INVALID', extra: { field: 'forestEnvironmentTax' } }),
    );
    expect(checkCopy(v2, tax(2025, { forestEnvironmentTax: 1000 }), '2025-04-01')).toMatchObject({
      forestEnvironmentTax: 1000,
    });
    // A field outside its validity is refused as such, not as unknown.
    const allowance = layoutOf(ITEMS.childAllowance, '2024-09-01');
    const copy = { children: 1, monthlyAmount: 10_000, since: '2024-09-01', incomeLimited: true };
    expect(checkCopy(allowance, copy, '2024-09-01')).toEqual(copy);
    expect(() => checkCopy(allowance, copy, '2024-10-01')).toThrow(
      expect.objectContaining({
        detail: 'field not in force on that day',
        extra: { field: 'incomeLimited' },
      }),
    );
  });

  it('says since when a copy holds, and which fiscal year a day is in', () => {
    expect(validFromOf(layoutOf(ITEMS.localTax), tax(2025), '2026-12-02')).toBe('2025-04-01');
    expect(validFromOf(layoutOf(ITEMS.childAllowance), { since: '2026-05-01' }, '2026-12-02')).toBe(
      '2026-05-01',
    );
    expect(validFromOf(layoutOf(ITEMS.childAllowance), { since: 'soon' }, '2026-12-02')).toBe('2026-12-02');
    expect(validFromOf(layoutOf(ITEMS.employmentInsurance), { insured: true }, '2026-12-02')).toBe(
      '2026-12-02',
    );
    expect([fiscalYearOf('2026-03-31'), fiscalYearOf('2026-04-01'), fiscalYearOf('2026-12-31')]).toEqual([
      2025, 2026, 2026,
    ]);
    expect(['2024-02-29', '2023-02-29', '2025-13-01', '2025-1-01', 20250101].map(isCalendarDay)).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

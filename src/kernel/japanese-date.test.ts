import { describe, expect, it } from 'vitest';
import { eraOf, toSeireki, toWareki } from './japanese-date.ts';

describe('和暦', () => {
  it.each([
    ['1990-05-01', '平成2年5月1日'],
    ['1989-01-07', '昭和64年1月7日'],
    ['1989-01-08', '平成元年1月8日'],
    ['2019-04-30', '平成31年4月30日'],
    ['2019-05-01', '令和元年5月1日'],
    ['2026-11-22', '令和8年11月22日'],
    ['1926-12-25', '昭和元年12月25日'],
    ['1912-07-29', '明治45年7月29日'],
  ])('%s is %s', (iso, wareki) => {
    expect(toWareki(iso)).toBe(wareki);
  });

  it('gives JPKI era codes and the Gregorian form', () => {
    expect(eraOf('1990-05-01').code).toBe(4);
    expect(eraOf('2020-01-01').code).toBe(5);
    expect(toSeireki('2026-01-05')).toBe('2026年1月5日');
    expect(() => eraOf('1800-01-01')).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.ts';
import { LAYOUTS } from '../linkage/index.ts';
import { displayValue } from './information.ts';
import { FIELD_LABELS } from './labels.ts';
import { isSafeLink, MANDATE_TRANSITIONS, nextMandateStatus, parseAudience } from './model.ts';

describe('portal rules', () => {
  it('every field of every data standard layout has a Japanese and an English label', () => {
    for (const layout of LAYOUTS)
      for (const f of layout.fields) expect(FIELD_LABELS[f.name], `${layout.name} ${f.name}`).toBeDefined();
  });

  it('shows dates in 和暦 and 西暦, money in 円, yes and no in words', () => {
    expect(displayValue('givenOn', 'date', '2019-05-01')).toBe('令和元年5月1日（2019年5月1日）');
    expect(displayValue('municipalTax', 'integer', 123456)).toBe('123,456円');
    expect(displayValue('fiscalYear', 'integer', 2025)).toBe('令和7年度（2025年度）');
    expect(displayValue('exempt', 'boolean', false)).toBe('いいえ');
    expect(displayValue('careLevel', 'string', undefined)).toBe('—');
  });

  it('the mandate lifecycle allows only its table; an ended mandate allows nothing', () => {
    expect(nextMandateStatus('requested', 'accept')).toBe('active');
    expect(nextMandateStatus('active', 'end')).toBe('ended');
    for (const end of ['declined', 'revoked', 'ended', 'expired'] as const) {
      expect(MANDATE_TRANSITIONS[end]).toEqual({});
      expect(() => nextMandateStatus(end, 'revoke')).toThrow(DomainError);
    }
    expect(() => nextMandateStatus('requested', 'end')).toThrow(/not in a state/);
  });

  it('links on notices are our own paths or https, never script or other schemes', () => {
    for (const good of ['/portal/information', 'https://www.city.chiyoda.lg.jp/koho/kurashi/zei/'])
      expect(isSafeLink(good)).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '//evil.example/',
      'http://plain.example/',
      'https://user:pw@example.com/',
      '/\\evil',
      'ｊａｖａｓｃｒｉｐｔ:alert(1)',
    ])
      expect(isSafeLink(bad), bad).toBe(false);
  });

  it('reads audiences strictly', () => {
    expect(parseAudience({ kind: 'attributes', ageFrom: 0, ageTo: 5 })).toEqual({
      kind: 'attributes',
      ageFrom: 0,
      ageTo: 5,
    });
    const dupes = parseAudience({
      kind: 'list',
      residents: ['0190a1b2-0000-7000-8000-000000000000', '0190a1b2-0000-7000-8000-000000000000'],
    });
    expect(dupes).toEqual({ kind: 'list', residents: ['0190a1b2-0000-7000-8000-000000000000'] });
    for (const bad of [
      null,
      {},
      { kind: 'everyone' },
      { kind: 'list', residents: [] },
      { kind: 'attributes', ageFrom: -1 },
      { kind: 'attributes', sex: 'x' },
    ])
      expect(() => parseAudience(bad), JSON.stringify(bad)).toThrow(DomainError);
  });
});

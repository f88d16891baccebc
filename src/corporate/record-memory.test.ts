import { describe, expect, it } from 'vitest';
import { blankVersion, type CorporationVersion, STORED_FIELDS } from './model.ts';
import { RecordMemory } from './record-memory.ts';

const packedOf = (r: CorporationVersion) => Buffer.from(STORED_FIELDS.map((f) => r[f]).join('\x1f'));

function record(i: number, name: string): CorporationVersion {
  return {
    ...blankVersion(),
    corporateNumber: String(1_000_000_000_000 + i),
    process: '01',
    name,
    furigana: 'カブシキガイシャ',
    latest: '1',
  };
}

describe('record memory', () => {
  it('gives back each record kept, across its buffers, by sparse ids', () => {
    const memory = new RecordMemory();
    // ~58 KB a record: 700 of them fill more than one 32 MB buffer.
    const long = '商'.repeat(19_000);
    const kept = new Map<number, CorporationVersion>();
    for (let i = 0; i < 700; i++) {
      const id = i * 997 + 3;
      const r = record(i, `${long}${i}`);
      expect(memory.put(id, packedOf(r))).toBe(true);
      kept.set(id, r);
    }
    expect(memory.size).toBe(700);
    expect(memory.bytes).toBeGreaterThan(64 * 1024 * 1024);
    for (const [id, r] of kept) expect(memory.get(id)).toEqual(r);
    expect(memory.get(4)).toBeUndefined();
    expect(memory.has(699 * 997 + 4)).toBe(false);
    expect(memory.get(10_000_000)).toBeUndefined();
  });

  it('copies what it keeps, and keeps the first of an id', () => {
    const memory = new RecordMemory();
    const bytes = packedOf(record(1, '日本商事'));
    memory.put(1, bytes);
    bytes.fill(0x41);
    expect(memory.get(1)?.name).toBe('日本商事');
    expect(memory.put(1, packedOf(record(1, '別の名前')))).toBe(true);
    expect(memory.get(1)?.name).toBe('日本商事');
    expect(memory.packed(1)?.toString()).toBe(packedOf(record(1, '日本商事')).toString());
  });

  it('refuses what it could not give back the same: other field counts, long records, odd ids', () => {
    const memory = new RecordMemory();
    // A separator inside a field would shift every field after it.
    expect(memory.put(1, packedOf(record(1, 'A\x1fB')))).toBe(false);
    expect(memory.put(2, Buffer.from('a\x1fb'))).toBe(false);
    expect(memory.put(3, packedOf(record(3, '長'.repeat(30_000))))).toBe(false);
    for (const id of [-1, 1.5, 2 ** 27, Number.NaN]) {
      expect(memory.put(id, packedOf(record(4, 'x')))).toBe(false);
    }
    expect(memory.size).toBe(0);
    expect([1, 2, 3].map((id) => memory.has(id))).toEqual([false, false, false]);
  });
});

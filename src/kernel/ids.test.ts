import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Batch } from './ids.ts';

describe('uuidv7', () => {
  it('is a version-7, RFC variant UUID that sorts by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(a.slice(0, 13).replace('-', '')).toBe((1_700_000_000_000).toString(16).padStart(12, '0'));
  });

  it('gives distinct ids within one millisecond', () => {
    const ids = uuidv7Batch(10_000, 1_700_000_000_000);
    expect(new Set(ids).size).toBe(10_000);
  });
});

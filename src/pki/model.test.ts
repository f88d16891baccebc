import { describe, expect, it } from 'vitest';
import { fifthBirthdayAfter } from './model.ts';

describe('validity to the 5th birthday after issuance', () => {
  it.each([
    ['1990-05-01', '2026-04-01', '2030-05-01'], // birthday still to come this year: it is the 1st
    ['1990-03-01', '2026-04-01', '2031-03-01'], // already passed: next year's is the 1st
    ['1990-04-01', '2026-04-01', '2031-04-01'], // issued on the birthday: that one does not count
    ['2000-02-29', '2026-04-01', '2031-02-28'], // 2031 is a common year
    ['2000-02-29', '2027-04-01', '2032-02-29'], // 2032 is a leap year
  ])('born %s, issued %s → %s', (birth, issued, end) => {
    expect(fifthBirthdayAfter(birth, issued)).toBe(end);
  });
});

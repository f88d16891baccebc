import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorporateNumber } from './corporate-number.ts';
import { IndividualNumber } from './individual-number.ts';
import { LocalGovernmentCode } from './local-government-code.ts';
import { normalizeDigits } from './normalize.ts';
import { ResidentRecordCode } from './resident-record-code.ts';

/**
 * Independent oracles, written from the ordinances' wording rather than from our code:
 * 個人番号 — weights Qn counted from the right: n+1 for n ≤ 6, n−5 for n ≥ 7.
 * 法人番号 — Pn counted from the right, weight 1 when n is odd, 2 when even.
 */
function individualOracle(body: string): number {
  const digits = [...body].reverse().map(Number);
  const sum = digits.reduce((acc, p, idx) => {
    const n = idx + 1;
    return acc + p * (n <= 6 ? n + 1 : n - 5);
  }, 0);
  const rem = sum % 11;
  return rem <= 1 ? 0 : 11 - rem;
}
function corporateOracle(base: string): number {
  const digits = [...base].reverse().map(Number);
  const sum = digits.reduce((acc, p, idx) => acc + p * ((idx + 1) % 2 === 1 ? 1 : 2), 0);
  return 9 - (sum % 9);
}

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

describe('IndividualNumber', () => {
  it('accepts the valid vectors and refuses the invalid ones', () => {
    for (const v of ['123456789018', '621498320257', '983205673214', '287101226910', '957015430390']) {
      expect(IndividualNumber.isValid(v)).toBe(true);
      expect(IndividualNumber.parse(v).ok).toBe(true);
    }
    for (const v of ['123456789012', '621498320258', '983205673210', '111111111111']) {
      expect(IndividualNumber.isValid(v)).toBe(false);
      const r = IndividualNumber.parse(v);
      expect(r.ok === false && r.error.code).toBe('NUMBERS_CHECK_DIGIT');
    }
  });

  it('normalises what people type: full width, spaces, hyphens, long-vowel marks', () => {
    for (const v of [
      '６２１４ ９８３２ ０２５７',
      '6214-9832-0257',
      '6214　9832　0257',
      '6214ー9832ー0257',
      '6214−9832−0257',
    ]) {
      const r = IndividualNumber.parse(v);
      expect(r.ok && r.value).toBe('621498320257');
      expect(IndividualNumber.isValid(v)).toBe(true);
    }
  });

  it('tells apart wrong length, non-digits and the check digit', () => {
    const code = (v: string) => {
      const r = IndividualNumber.parse(v);
      return r.ok ? null : r.error.code;
    };
    expect(code('')).toBe('NUMBERS_EMPTY');
    expect(code(' - ')).toBe('NUMBERS_EMPTY');
    expect(code('62149832025')).toBe('NUMBERS_LENGTH');
    expect(code('6214983202570')).toBe('NUMBERS_LENGTH');
    expect(code('62149832025a')).toBe('NUMBERS_NOT_DIGITS');
    expect(code('６２１４９８３２０２５Ａ')).toBe('NUMBERS_NOT_DIGITS');
    expect(code('621498320258')).toBe('NUMBERS_CHECK_DIGIT');
  });

  it('formats and masks', () => {
    const n = IndividualNumber.from('621498320257');
    expect(IndividualNumber.format(n)).toBe('6214 9832 0257');
    expect(IndividualNumber.mask(n)).toBe('**** **** 0257');
  });

  it('agrees with the oracle on 10^6 random bodies', () => {
    const next = lcg(20261122);
    let disagreements = 0;
    for (let k = 0; k < 1_000_000; k++) {
      const body = String((next() % 100_000) * 1_000_000 + (next() % 1_000_000)).padStart(11, '0');
      const expected = individualOracle(body);
      if (IndividualNumber.checkDigit(body) !== expected) disagreements++;
      const full = `${body}${(expected + 1 + (k % 9)) % 10}`; // some other last digit
      if (IndividualNumber.isValid(`${body}${expected}`) !== true || IndividualNumber.isValid(full)) {
        disagreements++;
      }
    }
    expect(disagreements).toBe(0);
  });

  it('catches every one-digit substitution except the documented r ∈ {0,1} blind spot', () => {
    const bodyArb = fc.stringMatching(/^[0-9]{11}$/);
    fc.assert(
      fc.property(
        bodyArb,
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 9 }),
        (body, pos, delta) => {
          const n = IndividualNumber.fromBody(body);
          const d = Number(n[pos]);
          const typo = `${n.slice(0, pos)}${(d + delta) % 10}${n.slice(pos + 1)}`;
          const remainder = (b: string) => {
            const w = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
            return [...b].reduce((a, c, i) => a + w[i]! * Number(c), 0) % 11;
          };
          const blind = pos < 11 && remainder(body) <= 1 && remainder(typo.slice(0, 11)) <= 1;
          expect(IndividualNumber.isValid(typo)).toBe(blind);
        },
      ),
      { numRuns: 20_000 },
    );
    // The documented example of the blind spot does pass.
    expect(IndividualNumber.isValid('487101226910')).toBe(true);
  });

  it('parse is idempotent and isValid agrees with parse', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const r = IndividualNumber.parse(s);
        expect(IndividualNumber.isValid(s)).toBe(r.ok);
        if (r.ok) expect(IndividualNumber.parse(r.value)).toEqual(r);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{11}$/), fc.constantFrom(' ', '-', '　', 'ー'), (body, sep) => {
        const n = IndividualNumber.fromBody(body);
        const typed = `${n.slice(0, 4)}${sep}${n.slice(4, 8)}${sep}${n.slice(8)}`;
        const wide = typed.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
        expect(IndividualNumber.parse(wide)).toEqual({ ok: true, value: n });
      }),
    );
  });
});

describe('CorporateNumber', () => {
  it('accepts real numbers and refuses the invalid ones', () => {
    for (const v of ['7000012050002', '1180301018771', '5010401067252', '8000020130001', '8000020131016']) {
      expect(CorporateNumber.isValid(v)).toBe(true);
    }
    expect(CorporateNumber.isValid('8000012050002')).toBe(false);
    expect(CorporateNumber.isValid('0000012050002')).toBe(false);
    expect(CorporateNumber.isValid('7900012050002')).toBe(true); // documented 0↔9 blind spot
  });

  it('agrees with the oracle and is never 0', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{12}$/), (base) => {
        const c = CorporateNumber.checkDigit(base);
        expect(c).toBe(corporateOracle(base));
        expect(c).toBeGreaterThanOrEqual(1);
        expect(CorporateNumber.isValid(CorporateNumber.fromBase(base))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('catches every one-digit substitution except 0↔9 in the base', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{12}$/),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        (base, pos, delta) => {
          const n = CorporateNumber.fromBase(base);
          const d = Number(n[pos]);
          const nd = (d + delta) % 10;
          const typo = `${n.slice(0, pos)}${nd}${n.slice(pos + 1)}`;
          const blind = pos > 0 && Math.abs(nd - d) === 9;
          expect(CorporateNumber.isValid(typo)).toBe(blind);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('assigns from bases', () => {
    expect(CorporateNumber.forLocalGovernment(LocalGovernmentCode.from('131016'))).toBe('8000020131016');
    expect(CorporateNumber.forLocalGovernment(LocalGovernmentCode.from('130001'))).toBe('8000020130001');
    expect(CorporateNumber.forNationalBody('2050002')).toBe('7000012050002');
    expect(CorporateNumber.forRegisteredCompany('180301018771')).toBe('1180301018771');
    expect(() => CorporateNumber.forRegisteredCompany('12345')).toThrow(/base/);
    expect(CorporateNumber.format(CorporateNumber.from('7000012050002'))).toBe('7-0000-1205-0002');
  });
});

describe('LocalGovernmentCode', () => {
  it('accepts the SPECS vectors, including the r = 0 and r = 1 cases', () => {
    for (const v of ['131016', '131041', '131130', '130001', '271004', '011002']) {
      expect(LocalGovernmentCode.isValid(v)).toBe(true);
    }
    expect(LocalGovernmentCode.isValid('131017')).toBe(false);
    expect(LocalGovernmentCode.complete('13104')).toBe('131041');
    expect(LocalGovernmentCode.complete('13113')).toBe('131130');
    expect(LocalGovernmentCode.isPrefecture(LocalGovernmentCode.from('130001'))).toBe(true);
    expect(LocalGovernmentCode.prefecture(LocalGovernmentCode.from('271004'))).toBe('27');
  });
});

describe('ResidentRecordCode', () => {
  it('checks the format only and keeps its check-digit rule in one place', () => {
    expect(ResidentRecordCode.isValid('12345678901')).toBe(true);
    expect(ResidentRecordCode.isValid('1234567890')).toBe(false);
    const code = ResidentRecordCode.fromBody('0123456789');
    expect(code).toHaveLength(11);
    expect(ResidentRecordCode.body(code)).toBe('0123456789');
    expect(ResidentRecordCode.mask(code)).toBe(`*******${code.slice(7)}`);
  });
});

describe('normalizeDigits', () => {
  it('folds width and drops every separator we know', () => {
    expect(normalizeDigits('１２‐３４―５６－７８ ９\u3000０ｰ1﹣2')).toBe('123456789012');
  });
});

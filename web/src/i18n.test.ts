import { describe, expect, it } from 'vitest';
import { NumbersErrors } from '../../src/numbers/index.ts';
import { MESSAGES } from './i18n.tsx';

describe('web messages', () => {
  it('have the same keys in Japanese and English', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.ja).sort());
    expect(Object.keys(MESSAGES.en.errors).sort()).toEqual(Object.keys(MESSAGES.ja.errors).sort());
  });

  it('say in words every error a number check can give', () => {
    const validationCodes = [
      'NUMBERS_EMPTY',
      'NUMBERS_NOT_DIGITS',
      'NUMBERS_LENGTH',
      'NUMBERS_CHECK_DIGIT',
      'NUMBERS_KIND_UNKNOWN',
    ];
    for (const code of validationCodes) {
      expect(Object.keys(NumbersErrors)).toContain(code);
      expect(MESSAGES.ja.errors[code]).toBeTruthy();
      expect(MESSAGES.en.errors[code]).toBeTruthy();
    }
  });
});

describe('card and counter words', () => {
  it('have the same keys in Japanese and English, and say every login error in words', async () => {
    const { CARD_TEXT } = await import('./card/text.ts');
    expect(Object.keys(CARD_TEXT.en).sort()).toEqual(Object.keys(CARD_TEXT.ja).sort());
    expect(Object.keys(CARD_TEXT.en.errors).sort()).toEqual(Object.keys(CARD_TEXT.ja.errors).sort());
    const { LoginErrors } = await import('../../src/login/errors.ts');
    for (const code of ['LOGIN_CARD_SUSPENDED', 'LOGIN_CERTIFICATE_REVOKED', 'LOGIN_CERTIFICATE_EXPIRED']) {
      expect(Object.keys(LoginErrors)).toContain(code);
      expect(CARD_TEXT.ja.errors[code]).toBeTruthy();
    }
  });
});

describe('portal words', () => {
  it('have the same keys in Japanese and English, and say every portal error in words', async () => {
    const { PORTAL_TEXT } = await import('./portal/text.ts');
    const { PortalErrors } = await import('../../src/portal/index.ts');
    const { ACTIVITY_ACTIONS, FEATURES, MANDATE_STATUSES, NOTICE_CATEGORIES } = await import(
      '../../src/portal/model.ts'
    );
    const { ja, en } = PORTAL_TEXT;
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
    for (const t of [ja, en]) {
      for (const code of Object.keys(PortalErrors)) expect(t.errors[code], code).toBeTruthy();
      for (const a of ACTIVITY_ACTIONS) expect(t.actions[a], a).toBeTruthy();
      for (const f of FEATURES) expect(t.features[f], f).toBeTruthy();
      for (const m of MANDATE_STATUSES) expect(t.statuses[m], m).toBeTruthy();
      for (const c of NOTICE_CATEGORIES) expect(t.categories[c], c).toBeTruthy();
    }
  });
});

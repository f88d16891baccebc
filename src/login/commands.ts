import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { defineCommand, OPERATOR } from '../platform/operator-commands.ts';
import { japanDate, parseFiling } from '../registry/index.ts';
import { LoginErrors } from './errors.ts';

/** Where `bango setup` registers the first administrator when no resident is named. */
export const SETUP_MUNICIPALITY = '131016';

/**
 * `bango setup`, the server's half: the first system administrator, once. Names a
 * resident (by id) or registers one at Chiyoda; the CLI then makes their card.
 */
export const setupCommand = defineCommand({
  name: 'login.setup',
  async run(contexts, args, io) {
    if (await contexts.login.hasAdministrator()) throw new DomainError(LoginErrors.LOGIN_ALREADY_SET_UP);
    let residentId = typeof args.resident === 'string' ? args.resident : undefined;
    if (residentId !== undefined && !/^[0-9a-fA-F-]{36}$/.test(residentId)) {
      throw new DomainError(KernelErrors.REQUEST_INVALID, 'resident id', { field: 'resident' });
    }
    if (!residentId) {
      const today = japanDate(contexts.clock.now());
      const filed = await contexts.registry.service.file(
        OPERATOR,
        SETUP_MUNICIPALITY,
        parseFiling(
          {
            kind: 'entry-from-abroad',
            familyName: '管理',
            givenName: '一郎',
            familyNameKana: 'カンリ',
            givenNameKana: 'イチロウ',
            birthDate: '1980-04-01',
            sex: '1',
            address: '千代田一丁目1番1号',
            effectiveDate: today,
            household: { mode: 'new' },
          },
          today,
        ),
      );
      residentId = filed.residentId;
    }
    await contexts.login.grant(OPERATOR, residentId, 'system-administrator', '*');
    io.out(JSON.stringify({ residentId }));
    return 0;
  },
});

export const grantCommand = defineCommand({
  name: 'login.grant',
  async run(contexts, args, io) {
    const { resident, role, organisation } = args as Record<string, string>;
    if (
      !/^[0-9a-fA-F-]{36}$/.test(resident ?? '') ||
      typeof organisation !== 'string' ||
      typeof role !== 'string'
    ) {
      throw new DomainError(KernelErrors.REQUEST_INVALID, 'resident, role and organisation are needed');
    }
    await contexts.login.grant(OPERATOR, resident!, role, organisation);
    io.out(JSON.stringify({ residentId: resident, role, organisation }));
    return 0;
  },
});

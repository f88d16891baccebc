import { expect, it } from 'vitest';
import { CHIYODA, registerPerson } from '../../test/support/cards.ts';
import { describeOnEngines } from '../../test/support/engines.ts';
import type { Actor } from '../kernel/actor.ts';
import { fixedClock } from '../kernel/clock.ts';
import { DomainError } from '../kernel/errors.ts';
import { seededRandom } from '../kernel/random.ts';
import { NATIONAL_BODIES, seedNodes } from '../linkage/index.ts';
import { createContexts } from '../platform/contexts.ts';
import { parseFiling } from '../registry/index.ts';
import { parseChange } from './operations.ts';
import { loadVersions, realCorporations } from './seed.ts';

/** 法人ポータル on both engines: registration, invitations, roles, notices to corporations, endings. */
const CHIYODA_NODE = `10${CHIYODA}00000000`;
const JPS = NATIONAL_BODIES.find((b) => b.kind === 'pension-service')!.code;
const SONY = '5010401067252'; // in 港区: not 千代田区's to tell
const system: Actor = {
  id: 'sysadmin',
  kind: 'staff',
  displayName: 's',
  roles: [{ role: 'system-administrator', organisation: '*' }],
};
const operator: Actor = {
  id: 'nta-1',
  kind: 'staff',
  displayName: 'n',
  roles: [{ role: 'nta-operator', organisation: '*' }],
};
const personActor = (residentId: string): Actor => ({
  id: residentId,
  kind: 'person',
  residentId,
  displayName: '',
  roles: [],
});
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );

describeOnEngines('corporate portal', (db) => {
  it('a representative registered on review invites staff; roles decide; notices reach corporations once', async () => {
    const clock = fixedClock('2026-12-01T01:00:00Z');
    const contexts = await createContexts({
      database: db(),
      clock,
      random: seededRandom(11),
      secrets: { numberIssuanceKey: new Uint8Array(32).fill(4) },
    });
    const real = realCorporations();
    await loadVersions(contexts.database, [real]);
    const inChiyoda = real.filter((c) => c.prefectureCode === '13' && c.cityCode === '101' && !c.closeDate);
    const firm = inChiyoda.find((c) => c.kind === '301')!.corporateNumber;
    const [rep, clerk, outsider] = [
      personActor(await registerPerson(contexts, { familyName: '代表' })),
      personActor(await registerPerson(contexts, { familyName: '担当' })),
      personActor(await registerPerson(contexts, { familyName: '部外' })),
    ];
    // Nodes join for the municipalities where people live.
    await seedNodes(contexts.linkage, contexts.database.db, clock, { municipalities: [CHIYODA] });
    const portal = contexts.corporatePortal;

    // Registration: applied, refused a second time, nothing allowed until an operator approves.
    const applied = await portal.apply(rep, { corporateNumber: firm, title: '代表取締役' });
    expect(applied).toMatchObject({ status: 'applied', role: 'representative', corporateNumber: firm });
    expect(await codeOf(portal.apply(rep, { corporateNumber: firm, title: '代表取締役' }))).toBe(
      'CORPORATE_MEMBER_EXISTS',
    );
    expect(await codeOf(portal.apply(rep, { corporateNumber: '1234567890123', title: 'x' }))).toBe(
      'CORPORATE_NUMBER_INVALID',
    );
    expect(await codeOf(portal.apply(rep, { corporateNumber: firm, title: '' }))).toBe(
      'CORPORATE_MEMBER_INVALID',
    );
    expect((await portal.mine(rep))[0]).toMatchObject({ status: 'applied', allowed: [] });
    expect(await codeOf(portal.corporation(rep, firm))).toBe('CORPORATE_MEMBER_FORBIDDEN');
    expect((await portal.applications()).map((a) => a.person?.name)).toEqual(['代表　花子']);
    await portal.decide(operator, applied.id, true);
    // A declined application stays in the applicant's list for a while, saying so.
    const other = real.find((c) => c.kind === '301' && !c.closeDate && c.corporateNumber !== firm)!;
    const wrong = await portal.apply(outsider, { corporateNumber: other.corporateNumber, title: '社長' });
    await portal.decide(operator, wrong.id, false);
    expect((await portal.mine(outsider)).map((m) => [m.status, m.allowed])).toEqual([['declined', []]]);
    expect(await codeOf(portal.decide(operator, applied.id, false))).toBe('CORPORATE_MEMBER_TRANSITION');
    expect((await portal.corporation(rep, firm)).corporation.corporateNumber).toBe(firm);

    // Invitations: a one-time code; the invitee joins with their own card; a code works once.
    const { code, invitation } = await portal.invite(rep, firm, { role: 'staff' });
    expect(invitation).toMatchObject({ status: 'invited', person: null });
    expect(await portal.lookup(clerk, code)).toMatchObject({
      role: 'staff',
      corporationName: invitation.corporationName,
    });
    expect((await portal.answer(clerk, code.toLowerCase(), true)).status).toBe('active');
    expect(await codeOf(portal.answer(outsider, code, true))).toBe('CORPORATE_MEMBER_CODE_UNKNOWN');
    // Staff see the record and the notices, never the members; an outsider sees nothing.
    expect((await portal.corporation(clerk, firm)).history.length).toBeGreaterThan(0);
    expect(await codeOf(portal.members(clerk, firm))).toBe('CORPORATE_MEMBER_FORBIDDEN');
    expect(await codeOf(portal.invite(clerk, firm, { role: 'staff' }))).toBe('CORPORATE_MEMBER_FORBIDDEN');
    expect(await codeOf(portal.corporation(outsider, firm))).toBe('CORPORATE_MEMBER_FORBIDDEN');
    expect((await portal.members(rep, firm)).map((m) => [m.role, m.status])).toEqual([
      ['representative', 'active'],
      ['staff', 'active'],
    ]);

    // Notices: a municipality reaches the corporations registered in it, a national body any.
    const n = contexts.portal.notices;
    const preview = async (audience: unknown, sender = CHIYODA_NODE) =>
      (await n.preview(system, sender, audience)).count;
    expect(await preview({ kind: 'corporations' })).toBe(inChiyoda.length);
    expect(await preview({ kind: 'corporations', numbers: [SONY] })).toBe(0);
    expect(await preview({ kind: 'corporations', numbers: [SONY, firm] }, JPS)).toBe(2);
    expect(await preview({ kind: 'corporations', corporateKinds: ['201'] })).toBe(1); // 千代田区 itself
    const letter = {
      category: 'tax',
      title: '法人住民税の申告期限のお知らせ',
      body: '申告期限は事業年度終了の日の翌日から2か月以内です。',
      expiresAt: '2027-03-01T00:00:00Z',
      remindEveryDays: 30,
    };
    await expect(
      n.send(system, CHIYODA_NODE, { ...letter, audience: { kind: 'corporations', numbers: [SONY] } }, 'k-0'),
    ).rejects.toMatchObject({ code: 'PORTAL_AUDIENCE_OUT_OF_SCOPE' });
    const sent = await n.send(
      system,
      CHIYODA_NODE,
      { ...letter, audience: { kind: 'corporations', corporateKinds: ['301'] } },
      'k-1',
    );
    expect(sent.delivered).toBe(inChiyoda.filter((c) => c.kind === '301').length);
    expect(await n.deliver(sent.id)).toBe(0);
    expect((await portal.mine(clerk))[0]?.unread).toBe(1);
    const [entry] = await portal.notices(clerk, firm, {});
    expect(entry).toMatchObject({ id: sent.id, read: false, senderName: '千代田区' });
    expect((await portal.notice(clerk, firm, sent.id)).body).toContain('申告期限');
    expect((await portal.notices(rep, firm, {}))[0]).toMatchObject({ read: true, readByName: '担当　花子' });
    expect(await codeOf(portal.notice(outsider, firm, sent.id))).toBe('CORPORATE_MEMBER_FORBIDDEN');
    expect(await codeOf(portal.notice(clerk, firm, '01900000-0000-7000-8000-000000000000'))).toBe(
      'PORTAL_NOTICE_NOT_FOUND',
    );
    // Reminders bring it back to the corporations that have not acted, until it expires.
    await portal.act(clerk, firm, sent.id);
    clock.advance(31 * 86_400_000);
    expect(await n.remindDue()).toBe(sent.delivered - 1);
    expect((await portal.notices(clerk, firm, {}))[0]).toMatchObject({ acted: true, reminders: 0 });
    expect((await n.sentBy(system, CHIYODA_NODE))[0]).toMatchObject({ read: 1, acted: 1 });
    expect((await portal.activity(rep, firm)).map((a) => [a.action, a.actor])).toEqual([
      ['notice-acted', '担当　花子'],
      ['notice-read', '担当　花子'],
      ['joined', '担当　花子'],
      ['invited', '代表　花子'],
      ['approved', 'nta-1'],
      ['applied', '代表　花子'],
    ]);

    // Ending: the next call is refused. A representative cannot be ended by staff or by another.
    const staff = (await portal.members(rep, firm)).find((m) => m.role === 'staff')!;
    await portal.end(rep, firm, staff.id);
    expect(await codeOf(portal.notices(clerk, firm, {}))).toBe('CORPORATE_MEMBER_FORBIDDEN');
    const repRow = (await portal.members(rep, firm)).find((m) => m.role === 'representative')!;
    expect(await codeOf(portal.end(rep, firm, repRow.id))).toBe('CORPORATE_MEMBER_FORBIDDEN');

    // An administrator who dies is no longer a member; their open invitations are called back.
    const admin = await portal.invite(rep, firm, { role: 'administrator' });
    await portal.answer(outsider, admin.code, true);
    const pending = await portal.invite(outsider, firm, { role: 'staff' });
    expect(await codeOf(portal.invite(outsider, firm, { role: 'administrator' }))).toBe(
      'CORPORATE_MEMBER_FORBIDDEN',
    );
    clock.set(new Date('2027-01-01T01:00:00Z'));
    await contexts.registry.service.file(
      {
        id: 'c',
        kind: 'staff',
        displayName: 'c',
        roles: [{ role: 'municipal-clerk', organisation: CHIYODA }],
      },
      CHIYODA,
      parseFiling(
        { kind: 'death', residentId: outsider.residentId!, effectiveDate: '2027-01-01' },
        '2027-01-01',
      ),
    );
    expect(await codeOf(portal.members(outsider, firm))).toBe('CORPORATE_MEMBER_FORBIDDEN');
    expect(await codeOf(portal.lookup(clerk, pending.code))).toBe('CORPORATE_MEMBER_CODE_UNKNOWN');

    // A closed corporation takes no new registrations or members.
    await contexts.corporate.record(
      firm,
      parseChange({ process: '21', changeDate: '2027-01-01', closeCause: '01' }),
    );
    expect(await codeOf(portal.invite(rep, firm, { role: 'staff' }))).toBe('CORPORATE_CLOSED');
    expect(await codeOf(portal.apply(clerk, { corporateNumber: firm, title: '清算人' }))).toBe(
      'CORPORATE_CLOSED',
    );
    // …but its members still see its record, now closed.
    expect((await portal.corporation(rep, firm)).corporation.closeDate).toBe('2027-01-01');

    contexts.follower.stop();
    contexts.portal.stop();
    await contexts.linkage.close();
  }, 180_000);
});

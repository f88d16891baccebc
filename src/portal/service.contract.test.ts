import { expect, it } from 'vitest';
import { CHIYODA, registerPerson } from '../../test/support/cards.ts';
import { describeOnEngines } from '../../test/support/engines.ts';
import type { Actor } from '../kernel/actor.ts';
import { fixedClock } from '../kernel/clock.ts';
import { seededRandom } from '../kernel/random.ts';
import { ITEMS, NATIONAL_BODIES, seedNodes } from '../linkage/index.ts';
import { createContexts } from '../platform/contexts.ts';
import { parseFiling } from '../registry/index.ts';

/** The portal's SQL on both engines: audiences, delivery, reminders, mandates. */
const CHIYODA_NODE = `10${CHIYODA}00000000`;
const TOKYO_NODE = '2013000100000000';
const JPS = NATIONAL_BODIES.find((b) => b.kind === 'pension-service')!.code;
const clerk: Actor = {
  id: 'clerk',
  kind: 'staff',
  displayName: 'c',
  roles: [{ role: 'system-administrator', organisation: '*' }],
};

describeOnEngines('portal', (db) => {
  it('audiences by list, age, child in the household and held copy; delivery once; reminders; mandates', async () => {
    const clock = fixedClock('2026-04-01T01:00:00Z');
    const contexts = await createContexts({
      database: db(),
      clock,
      random: seededRandom(8),
      secrets: { numberIssuanceKey: new Uint8Array(32).fill(2) },
    });
    const parent = await registerPerson(contexts, { familyName: '佐藤', birthDate: '1990-05-01' });
    const household = (await contexts.registry.service.people([parent])).get(parent)!.householdId!;
    const child = await registerPerson(contexts, {
      familyName: '佐藤',
      givenName: '陽',
      birthDate: '2024-02-29',
      household: { mode: 'join', householdId: household, relationship: '子' },
    });
    const elder = await registerPerson(contexts, { familyName: '鈴木', birthDate: '1950-01-20' });
    await seedNodes(contexts.linkage, contexts.database.db, clock, { municipalities: [CHIYODA] });
    const n = contexts.portal.notices;
    const count = async (audience: unknown, sender = CHIYODA_NODE) =>
      (await n.preview(clerk, sender, audience)).count;

    expect(await count({ kind: 'attributes' })).toBe(3);
    expect(await count({ kind: 'list', residents: [parent, elder] })).toBe(2);
    expect(await count({ kind: 'attributes', ageFrom: 2, ageTo: 2 })).toBe(1); // born 29 Feb 2024: 2 on 1 Apr 2026
    expect(await count({ kind: 'attributes', childAgeFrom: 0, childAgeTo: 5 })).toBe(1); // the parent, not the child
    expect(await count({ kind: 'attributes', holdsItem: ITEMS.longTermCare })).toBe(1); // the elder (65+)
    expect(await count({ kind: 'attributes', holdsItem: ITEMS.vaccination })).toBe(1); // the child
    expect(await count({ kind: 'attributes', municipality: CHIYODA }, JPS)).toBe(3);
    expect(await count({ kind: 'attributes' }, TOKYO_NODE)).toBe(3);

    const sent = await n.send(
      clerk,
      CHIYODA_NODE,
      {
        category: 'health',
        title: '予防接種（2回目）のお知らせ',
        body: '接種券をお送りします。',
        audience: { kind: 'attributes', holdsItem: ITEMS.vaccination },
        expiresAt: '2026-06-01T00:00:00Z',
        remindEveryDays: 14,
      },
      'contract-0001',
    );
    expect(sent.delivered).toBe(1);
    expect(await n.deliver(sent.id)).toBe(0); // already sent: nothing again
    expect(await n.unreadCount(child)).toBe(1);
    await n.read({ residentId: child, actorResidentId: parent, mandateId: null }, sent.id);
    clock.advance(15 * 86_400_000);
    expect(await n.remindDue()).toBe(1);
    expect(await n.unreadCount(child)).toBe(1);
    clock.advance(60 * 86_400_000); // past expiry: no more
    expect(await n.remindDue()).toBe(0);

    const m = contexts.portal.mandates;
    const { mandate } = await m.invite(parent, {
      principal: child,
      proxyIsSelf: true,
      scope: ['notices'],
      validUntil: '2026-12-31',
    });
    expect((await m.usable(mandate.id, parent, 'notices')).residentId).toBe(child);
    clock.set(new Date('2027-01-02T00:00:00Z'));
    await expect(m.usable(mandate.id, parent, 'notices')).rejects.toMatchObject({
      code: 'PORTAL_PROXY_NOT_ACTIVE',
    });
    expect((await m.of(parent)).held.find((x) => x.id === mandate.id)?.status).toBe('expired');
    // The principal's death ends what they gave, at once, even without a card.
    const invite = await m.invite(elder, { scope: ['history'], validUntil: '2027-06-30' });
    const accepted = await m.decide(parent, invite.code!, 'accept');
    expect(accepted.status).toBe('active');
    const today = '2027-01-02';
    await contexts.registry.service.file(
      {
        id: 'clerk',
        kind: 'staff',
        displayName: 'c',
        roles: [{ role: 'municipal-clerk', organisation: CHIYODA }],
      },
      CHIYODA,
      parseFiling({ kind: 'death', residentId: elder, effectiveDate: today }, today),
    );
    await expect(m.usable(accepted.id, parent, 'history')).rejects.toMatchObject({
      code: 'PORTAL_PROXY_NOT_ACTIVE',
    });
    expect((await m.of(parent)).held.find((x) => x.id === accepted.id)).toMatchObject({
      status: 'ended',
      endReason: 'death',
    });
    contexts.follower.stop();
    contexts.portal.stop();
    await contexts.linkage.close();
  }, 120_000);
});

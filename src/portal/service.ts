import { sql } from 'drizzle-orm';
import type { CardService } from '../card/service.ts';
import type { Actor } from '../kernel/actor.ts';
import type { Clock } from '../kernel/clock.ts';
import { type Db, rowsOf } from '../kernel/db.ts';
import { DomainError, KernelErrors } from '../kernel/errors.ts';
import type { Random } from '../kernel/random.ts';
import type { LinkageService } from '../linkage/index.ts';
import type { LoginService } from '../login/service.ts';
import { japanDate, type Registry } from '../registry/index.ts';
import { ActivityLog, type Subject, self } from './activity.ts';
import { SelfInformation } from './information.ts';
import { Mandates } from './mandates.ts';
import type { Feature } from './model.ts';
import { Notices } from './notices.ts';

/**
 * マイナポータル: what a person sees of the government's data about them, who exchanged
 * it, what institutions tell them, and the family who act for them. Every use names its
 * feature, and a proxy's use is checked against their mandate each time.
 */
export class PortalService {
  readonly activity: ActivityLog;
  readonly mandates: Mandates;
  readonly notices: Notices;
  readonly information: SelfInformation;
  readonly #stops: (() => void)[] = [];

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      random: Random;
      registry: Registry;
      cards: CardService;
      login: LoginService;
      linkage: LinkageService;
    },
  ) {
    this.activity = new ActivityLog(deps.db, deps.clock);
    this.mandates = new Mandates(
      deps.db,
      deps.clock,
      deps.random,
      {
        people: (ids) => deps.registry.service.people(ids),
        cardStatus: (id) => deps.cards.currentStatus(id),
        household: (id) => deps.registry.service.householdMembers(id),
      },
      this.activity,
    );
    this.notices = new Notices(deps.db, deps.clock, deps.random, deps.linkage, this.activity);
    this.information = new SelfInformation(deps.linkage.network, deps.registry.service, deps.clock);
    this.#stops.push(deps.login.onLogin((residentId) => this.activity.record(self(residentId), 'login')));
    // Death and emigration end what the person gave at once (a child may have no card to stop).
    this.#stops.push(
      deps.registry.events.subscribe(async (e) => {
        if (e.kind === 'death' || e.kind === 'emigration') await this.mandates.endFor(e.residentId, e.kind);
      }),
    );
  }

  /**
   * Sends scheduled notices and reminders every `everyMs` (one run at a time). A run that
   * fails is reported and the next one picks up where it stopped (delivery is idempotent).
   */
  startDelivery(onError: (error: unknown) => void, everyMs = 5000): void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      void this.tick()
        .catch(onError)
        .finally(() => {
          running = false;
        });
    }, everyMs);
    timer.unref();
    this.#stops.push(() => clearInterval(timer));
  }

  async tick(): Promise<void> {
    await this.notices.deliverDue();
    await this.notices.remindDue();
  }

  stop(): void {
    for (const s of this.#stops.splice(0)) s();
  }

  /** Who the request is about: the person, or the principal a proxy acts for within scope. */
  async subject(actor: Actor, actingFor: string | undefined, feature: Feature | null): Promise<Subject> {
    if (!actor.residentId) throw new DomainError(KernelErrors.AUTH_REQUIRED, 'no card session');
    if (actingFor === undefined) return self(actor.residentId);
    return this.mandates.usable(actingFor, actor.residentId, feature);
  }

  /** Home: the person's name, their number masked, unread notices, mandates given and held. */
  async home(subject: Subject) {
    const today = japanDate(this.deps.clock.now());
    const id = subject.residentId;
    // Two statements side by side: the register's summary, and the portal's own counts.
    const [summary, [counts]] = await Promise.all([
      this.deps.registry.service.summaryOf(id),
      rowsOf<{
        unread: number | string;
        given: number | string;
        held: number | string;
        waiting: number | string;
      }>(
        this.deps.db,
        sql`select
          (select count(*) from portal.inbox where resident_id = ${id}::uuid and read_at is null) as unread,
          (select count(*) from portal.mandates where principal_id = ${id}::uuid and status = 'active'
             and proxy_id <> ${id}::uuid and valid_until >= ${today}::date) as given,
          (select count(*) from portal.mandates where proxy_id = ${id}::uuid and status = 'active'
             and valid_until >= ${today}::date) as held,
          (select count(*) from portal.mandates where (principal_id = ${id}::uuid or requested_by = ${id}::uuid)
             and status = 'requested') as waiting`,
      ),
    ]);
    const own = subject.mandateId === null;
    return {
      name: summary?.name ?? '',
      actingFor: subject.mandateId,
      // A proxy sees neither the principal's number (not even masked) nor their mandates.
      maskedNumber: own ? (summary?.maskedNumber ?? null) : null,
      unreadNotices: Number(counts?.unread ?? 0),
      mandates: own
        ? {
            given: Number(counts?.given ?? 0),
            held: Number(counts?.held ?? 0),
            waiting: Number(counts?.waiting ?? 0),
          }
        : null,
    };
  }

  /** Shows the person their own number (never to a proxy); the reveal is in their activity. */
  async revealNumber(subject: Subject): Promise<{ individualNumber: string }> {
    if (subject.mandateId !== null) throw new DomainError(KernelErrors.AUTH_FORBIDDEN, 'proxy');
    const holder = await this.deps.registry.service.cardHolder(subject.residentId);
    if (!holder?.individualNumber) throw new DomainError(KernelErrors.REQUEST_NOT_FOUND, 'no number');
    await this.activity.record(subject, 'number-revealed');
    return { individualNumber: holder.individualNumber };
  }

  async myInformation(subject: Subject) {
    const info = await this.information.fetch(subject.residentId);
    await this.activity.record(subject, 'information-viewed');
    return info;
  }

  async exportInformation(subject: Subject, format: 'json' | 'pdf') {
    const info = await this.information.fetch(subject.residentId);
    await this.activity.record(subject, 'information-exported', { format });
    return format === 'json' ? info : this.information.pdf(info);
  }

  /** やりとり履歴: every record about the person, with proofs for their browser to check. */
  async history(subject: Subject) {
    const records = await this.deps.linkage.recordsOfResident(subject.residentId);
    await this.activity.record(subject, 'history-viewed');
    return records;
  }

  /** 操作履歴, with the name of whoever acted when it was not the person. */
  async activityOf(subject: Subject, page: { before?: number; limit: number }) {
    const entries = await this.activity.of(subject.residentId, page);
    const others = [
      ...new Set(entries.map((e) => e.actorResidentId).filter((id) => id !== subject.residentId)),
    ];
    const names = await this.deps.registry.service.people(others);
    return entries.map(({ actorResidentId: actor, ...e }) => ({
      ...e,
      byProxy: actor !== subject.residentId,
      actorName: actor === subject.residentId ? null : (names.get(actor)?.name ?? ''),
    }));
  }
}

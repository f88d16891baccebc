import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Clock } from '../kernel/clock.ts';
import type { Db } from '../kernel/db.ts';
import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { GroupCommit } from '../kernel/group-commit.ts';
import type { ActivityAction } from './model.ts';
import { activity } from './schema.ts';

/**
 * Who is acting, and for whom: `residentId` is the person whose account it is; a proxy
 * acting for them is `actorResidentId`, with the mandate that allows it.
 */
export interface Subject {
  readonly residentId: string;
  readonly actorResidentId: string;
  readonly mandateId: string | null;
}

export const self = (residentId: string): Subject => ({
  residentId,
  actorResidentId: residentId,
  mandateId: null,
});

export interface ActivityEntry {
  seq: number;
  action: ActivityAction;
  at: string;
  actorResidentId: string;
  mandateId: string | null;
  detail: Record<string, unknown> | null;
}

/** 操作履歴: the person's own account of what was done in it, by them or by a proxy. */
export class ActivityLog {
  // Entries written on their own (every login writes one) share an insert with the others
  // arriving at the same time; each caller is answered once its entry is committed.
  readonly #pending: GroupCommit<Subject & { action: ActivityAction; at: Date; detail: unknown }>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.#pending = new GroupCommit(
      async (rows) => {
        await this.db.execute(sql`insert into portal.activity (resident_id, actor_resident_id, mandate_id, action, at, detail)
          select x."residentId", x."actorResidentId", x."mandateId", x.action, x.at, x.detail
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x("residentId" uuid, "actorResidentId" uuid,
            "mandateId" uuid, action text, at timestamptz, detail jsonb)`);
      },
      {
        maxBatch: 1000,
        maxPending: 20_000,
        concurrency: 2,
        onFull: () => new DomainError(KernelErrors.SERVICE_UNAVAILABLE, 'activity log busy'),
      },
    );
  }

  async record(
    subject: Subject,
    action: ActivityAction,
    detail: Record<string, unknown> | null = null,
    tx?: Db,
  ): Promise<void> {
    if (!tx) {
      const { residentId, actorResidentId, mandateId } = subject;
      return this.#pending.add({
        residentId,
        actorResidentId,
        mandateId,
        action,
        at: this.clock.now(),
        detail,
      });
    }
    await tx.insert(activity).values({
      residentId: subject.residentId,
      actorResidentId: subject.actorResidentId,
      mandateId: subject.mandateId,
      action,
      at: this.clock.now(),
      detail,
    });
  }

  /** Newest first, a page at a time (`before` is the last seq of the page before). */
  async of(residentId: string, page: { before?: number; limit: number }): Promise<ActivityEntry[]> {
    const rows = await this.db
      .select()
      .from(activity)
      .where(
        page.before === undefined
          ? eq(activity.residentId, residentId)
          : and(eq(activity.residentId, residentId), lt(activity.seq, page.before)),
      )
      .orderBy(desc(activity.seq))
      .limit(page.limit);
    return rows.map((r) => ({
      seq: r.seq,
      action: r.action as ActivityAction,
      at: r.at.toISOString(),
      actorResidentId: r.actorResidentId,
      mandateId: r.mandateId,
      detail: (r.detail as Record<string, unknown> | null) ?? null,
    }));
  }
}

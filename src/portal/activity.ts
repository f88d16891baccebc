import { and, desc, eq, lt } from 'drizzle-orm';
import type { Clock } from '../kernel/clock.ts';
import type { Db } from '../kernel/db.ts';
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
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async record(
    subject: Subject,
    action: ActivityAction,
    detail: Record<string, unknown> | null = null,
    tx: Db = this.db,
  ): Promise<void> {
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

import { eq } from 'drizzle-orm';
import type { Db } from '../kernel/db.ts';
import type { Registry } from '../registry/index.ts';
import { feedCursors } from './schema.ts';
import type { CardService } from './service.ts';

const FEED = 'registry';
const PAGE = 500;

/**
 * Keeps cards in step with the register: reads the register's durable event feed from
 * where it last stopped (a cursor in our own schema), in order, and hands each event to
 * the card service. The in-process bus only says "there is more"; after a restart the
 * feed itself brings anything missed. A run at a time, so events apply in order.
 */
export class RegisterFollower {
  #running: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly registry: Registry,
    private readonly cards: CardService,
  ) {}

  /** Starts following: a fresh platform begins at the feed's end (there are no cards before it). */
  async start(): Promise<void> {
    const [cursor] = await this.db.select().from(feedCursors).where(eq(feedCursors.feed, FEED));
    if (!cursor) {
      const seq = await this.registry.service.lastEventSeq();
      await this.db.insert(feedCursors).values({ feed: FEED, seq }).onConflictDoNothing();
    }
    this.#unsubscribe = this.registry.events.subscribe(() => this.catchUp());
    await this.catchUp();
  }

  stop(): void {
    this.#unsubscribe?.();
  }

  /**
   * Applies every event after the cursor; resolves when the feed is read to its end. A
   * failed run leaves the cursor at the last event applied, and the next run goes on from there.
   */
  catchUp(): Promise<void> {
    const run = this.#running.catch(() => {}).then(() => this.readFeed());
    this.#running = run;
    return run;
  }

  private async readFeed(): Promise<void> {
    for (;;) {
      const [cursor] = await this.db.select().from(feedCursors).where(eq(feedCursors.feed, FEED));
      const events = await this.registry.service.eventsSince(cursor?.seq ?? 0, PAGE);
      for (const event of events) {
        await this.cards.onHolderChanged(event);
        await this.db.update(feedCursors).set({ seq: event.seq }).where(eq(feedCursors.feed, FEED));
      }
      if (events.length < PAGE) return;
    }
  }
}

import { sql } from 'drizzle-orm';
import type { Clock } from '../kernel/clock.ts';
import { Coalescer } from '../kernel/coalesce.ts';
import type { Database, Db } from '../kernel/db.ts';
import { DomainError } from '../kernel/errors.ts';
import { RecentCache } from '../kernel/recent-cache.ts';
import { japanDate } from '../registry/model.ts';
import { CurrentNames } from './current-names.ts';
import { CurrentRecords } from './current-records.ts';
import { CorporateErrors } from './errors.ts';
import {
  allowedFrom,
  blankVersion,
  CHANGED_BY,
  type CorporationVersion,
  stateOf,
  TRANSITIONS,
} from './model.ts';
import type { Address, Change, Designation } from './operations.ts';
import {
  CorporateStore,
  type NameQuery,
  type Page,
  type PageShape,
  type PlaceQuery,
  VERSION_COLUMNS,
  versionRow,
} from './store.ts';

/** How many latest versions are kept in memory, and for how long each is trusted. */
const RECENT_CAPACITY = 100_000;
const RECENT_TTL_MS = 10_000;
/**
 * Name-search pages kept, by their size in bytes (~35 full pages of XML: a broad search asked
 * again within the TTL is sent as the bytes made the first time), trusted as long as lookups.
 * 128 MB did no better for the benchmark's repeated searches in two runs (2026-12-04).
 */
const SEARCH_CACHE_BYTES = 64_000_000;
/** A record's size when a page holds records rather than written-out bodies (a typical XML record). */
const RECORD_BYTES = 900;

function pageWeight(page: Page): number {
  const r = page.records;
  // A section in a pooled buffer holds the whole buffer.
  if ('section' in r) return (r.shared?.buffer.length ?? r.section.length) + 64;
  // Bodies received as bytes are weighed by them: asking for their text would decode it.
  if ('bodies' in r) return (r.utf8 ?? r.bodies).reduce((n, b) => n + b.length, 64);
  return r.length * RECORD_BYTES;
}

/**
 * A page and its caller's hold on its bytes: a page written from memory is in a pooled
 * buffer (page-buffers.ts), used again once every holder has called `release` — the
 * Web-API once the response is sent. A caller that never releases keeps the bytes as long
 * as it keeps the page (the buffer is then left to the collector): always safe.
 */
export interface HeldPage extends Page {
  release(): void;
}

const NOTHING_HELD = () => {};

function held(page: Page): HeldPage {
  const r = page.records;
  const shared = 'section' in r ? r.shared : undefined;
  if (!shared) return { ...page, release: NOTHING_HELD };
  // A page is held in the turn it is answered or while cached: its buffer cannot be back yet.
  const release = shared.hold();
  if (!release) throw new Error('a page held after its buffer was given back');
  return { ...page, release };
}

function addressFields(a: Address): Partial<CorporationVersion> {
  if ('outside' in a) return { addressOutside: a.outside, enAddressOutside: a.enOutside };
  return {
    prefectureName: a.domestic.prefectureName,
    cityName: a.cityName,
    streetNumber: a.street,
    prefectureCode: a.domestic.prefectureCode,
    cityCode: a.domestic.cityCode,
    postCode: a.postCode,
    enPrefectureName: a.domestic.enPrefectureName,
    enCityName: a.domestic.enCityName,
  };
}

/** Whether the name index answers a search (see searchName). */
function answeredByIndex(q: NameQuery): boolean {
  return (
    q.target === 'fuzzy' &&
    !q.formerNames &&
    !q.prefectureCode &&
    !q.cityCode &&
    !q.kinds &&
    !q.assignedFrom &&
    !q.assignedTo
  );
}

/**
 * The NTA's corporate registry: designation and every later change as a new version (one
 * transaction: the previous version stops being `latest`, the new one is written), and the
 * reads the publication site and the Web-API answer from.
 */
export class CorporateService {
  readonly store: CorporateStore;
  /** Lookups by number made in the same turn go to the database as one query. */
  readonly #latest = new Coalescer<string, CorporationVersion | undefined>(async (numbers) => {
    const rows = await this.store.latest([...new Set(numbers)]);
    const byNumber = new Map(rows.map((r) => [r.corporateNumber, r]));
    return numbers.map((n) => byNumber.get(n));
  });
  /**
   * Latest versions recently asked for (the Web-API's hot path). A write here drops its
   * number at once; a write by another process is seen within RECENT_TTL_MS — the NTA itself
   * publishes changes once a day.
   */
  readonly #recent: RecentCache<string, CorporationVersion | undefined>;
  #lastUpdate: { value: Promise<string>; until: number } | undefined;
  /**
   * Name searches recently answered, and those under way (the same search asked again while
   * it runs waits for it). A broad search is broad because many names share its beginning,
   * so it is asked often; a write here forgets them all, another process's within the TTL.
   */
  readonly #searches: RecentCache<string, HeldPage>;
  readonly #searching = new Map<string, Promise<Page>>();
  #generation = 0;
  /** The searchable current names by fuzzy key, in memory (current-names.ts, name-index.ts). */
  readonly #names: CurrentNames;
  /** Their records, in memory: the rows of the index's pages (current-records.ts); unless turned off. */
  readonly #records: CurrentRecords | undefined;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    options: { readonly recordsInMemory?: boolean } = {},
  ) {
    this.store = new CorporateStore(database);
    this.#names = new CurrentNames(this.store, () => clock.now().getTime());
    if (options.recordsInMemory ?? true) {
      this.#records = new CurrentRecords(this.store, () => clock.now().getTime());
    }
    this.#recent = new RecentCache(RECENT_CAPACITY, RECENT_TTL_MS, () => clock.now().getTime());
    this.#searches = new RecentCache<string, HeldPage>(
      SEARCH_CACHE_BYTES,
      RECENT_TTL_MS,
      () => clock.now().getTime(),
      pageWeight,
      (page) => page.release(),
    );
  }

  /**
   * One page of a name search and the count of all matches (the Web-API and the site). The
   * default searches — fuzzy prefix and partial over current names, closed ones or not, with
   * no filter by place, kind or date — are counted and paged by the name index and their
   * rows come from memory (current-records.ts); the rest by SQL.
   */
  searchName(q: NameQuery, offset: number, limit: number, shape: PageShape = 'records'): Promise<HeldPage> {
    return this.#cached(JSON.stringify(['name', q, offset, limit, shape]), async () => {
      if (!answeredByIndex(q)) return this.store.searchName(q, offset, limit, shape);
      const index = await this.#names.ready();
      const hit =
        q.mode === 'prefix'
          ? index.prefix(q.key, q.includeClosed, offset, limit)
          : index.partial(q.pieces, q.includeClosed, offset, limit);
      const records = this.#records
        ? await this.#records.page(hit.ids, shape, offset + 1)
        : await this.store.pageOf(hit.ids, shape);
      return { count: hit.count, records };
    });
  }

  /** Builds the name index now rather than at the first search (a server's start, a benchmark). */
  async warmNames(): Promise<{ names: number; bytes: number }> {
    const index = await this.#names.ready();
    return { names: index.size, bytes: index.bytes };
  }

  /**
   * Reads the index's records into memory now rather than behind the first searches: `read`,
   * `off` (CORPORATE_RECORDS_IN_MEMORY=off), or `failed` (pages are read from the database
   * until a later search's build, tried again after 10 s, is whole).
   */
  async warmRecords(): Promise<{ state: 'read' | 'off' | 'failed'; records: number; bytes: number }> {
    if (!this.#records) return { state: 'off', records: 0, bytes: 0 };
    const whole = await this.#records.warm();
    return { state: whole ? 'read' : 'failed', ...this.#records.held };
  }

  /** One page of the corporations at a place (the site's search by address), by name. */
  searchPlace(q: PlaceQuery, offset: number, limit: number): Promise<HeldPage> {
    return this.#cached(JSON.stringify(['place', q, offset, limit]), () =>
      this.store.searchPlace(q, offset, limit),
    );
  }

  /** Forgets every search answered (after a write; a benchmark measuring cold searches). */
  forgetSearches(): void {
    this.#generation++;
    this.#searches.clear();
  }

  /** The page remembered, being searched, or searched now; held for this caller (HeldPage). */
  async #cached(key: string, run: () => Promise<Page>): Promise<HeldPage> {
    const hit = this.#searches.get(key);
    if (hit) return held(hit.value);
    const running = this.#searching.get(key);
    if (running) return held(await running);
    const generation = this.#generation;
    const search = run().finally(() => this.#searching.delete(key));
    this.#searching.set(key, search);
    search.then(
      (page) => {
        // Not kept if a write came while it ran: it may have read the rows before the write.
        if (generation === this.#generation) this.#searches.set(key, held(page));
      },
      () => {},
    );
    return held(await search);
  }

  /** Latest versions of the numbers (request order; unknown numbers left out), or every version. */
  async byNumbers(numbers: readonly string[], history: boolean): Promise<CorporationVersion[]> {
    if (history) {
      const rows = await this.store.history(numbers);
      return numbers.flatMap((n) => rows.filter((r) => r.corporateNumber === n));
    }
    const found = await Promise.all(
      numbers.map((n) => {
        const hit = this.#recent.get(n);
        if (hit) return hit.value;
        return this.#latest.load(n).then((v) => {
          this.#recent.set(n, v);
          return v;
        });
      }),
    );
    return found.filter((v): v is CorporationVersion => v !== undefined);
  }

  /** The date of the last recorded change; re-read at most once a second. */
  async lastUpdateDate(): Promise<string> {
    const now = this.clock.now().getTime();
    if (!this.#lastUpdate || this.#lastUpdate.until < now) {
      this.#lastUpdate = { value: this.store.lastUpdateDate(), until: now + 1000 };
      this.#lastUpdate.value.catch(() => {
        this.#lastUpdate = undefined;
      });
    }
    return this.#lastUpdate.value;
  }

  /** Designates a number for a new corporation (process 01). */
  async designate(d: Designation): Promise<CorporationVersion> {
    const today = japanDate(this.clock.now());
    const assignment = d.assignmentDate ?? today;
    const version: CorporationVersion = {
      ...blankVersion(),
      corporateNumber: d.number,
      process: '01',
      correct: '0',
      updateDate: today,
      changeDate: assignment,
      name: d.name,
      kind: d.kind,
      ...addressFields(d.address),
      assignmentDate: assignment,
      latest: '1',
      enName: d.enName,
      furigana: d.furigana,
      hihyoji: d.hidden ? '1' : '0',
    };
    return this.#write(d.number, (previous) => {
      if (previous) throw new DomainError(CorporateErrors.CORPORATE_ALREADY_DESIGNATED, d.number);
      return version;
    });
  }

  /** Records a change (11 … 99) over the corporation's latest version. */
  async record(number: string, change: Change): Promise<CorporationVersion> {
    if (change.successor !== undefined) {
      if (change.successor === number) {
        throw new DomainError(
          CorporateErrors.CORPORATE_SUCCESSOR_INVALID,
          'a corporation cannot succeed itself',
        );
      }
      const [successor] = await this.store.latest([change.successor]);
      if (!successor || stateOf(successor) !== 'active') {
        throw new DomainError(CorporateErrors.CORPORATE_SUCCESSOR_INVALID, change.successor);
      }
    }
    const today = japanDate(this.clock.now());
    return this.#write(number, (previous) => {
      if (!previous) throw new DomainError(CorporateErrors.CORPORATE_NOT_FOUND, number);
      const state = stateOf(previous);
      if (!TRANSITIONS[change.process].from.includes(state)) {
        throw new DomainError(
          CorporateErrors.CORPORATE_TRANSITION_INVALID,
          `${change.process} from ${state}`,
          {
            state,
            allowed: allowedFrom(state),
          },
        );
      }
      if (change.process === '99') {
        return { ...blankVersion(), corporateNumber: number, process: '99', updateDate: today, latest: '1' };
      }
      const next: CorporationVersion = {
        ...previous,
        process: change.process,
        correct: change.correct ? '1' : '0',
        updateDate: today,
        changeDate: change.changeDate,
        changeCause: change.changeCause,
        latest: '1',
      };
      // Only the fields this process owns move; the rest are carried over.
      for (const f of CHANGED_BY[change.process]) if (f !== 'sequenceNumber') next[f] = '';
      if (change.name) Object.assign(next, change.name);
      if (change.address) {
        Object.assign(next, addressFields(change.address));
      }
      if (['21', '71', '81'].includes(change.process)) {
        next.closeDate = change.changeDate;
        next.closeCause = change.closeCause ?? '';
        next.successorCorporateNumber = change.successor ?? '';
      }
      return next;
    });
  }

  /** Reads the latest version under a row lock, builds the next, writes both in one transaction. */
  async #write(
    number: string,
    next: (previous: CorporationVersion | undefined) => CorporationVersion,
  ): Promise<CorporationVersion> {
    const written = await this.database.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const head = await this.store.lockLatest(tx, number);
      const version = next(head?.record);
      const versionNo = (head?.version ?? 0) + 1;
      if (head) await tx.execute(sql`update corporate.versions set latest = false where id = ${head.id}`);
      const row = versionRow(version, versionNo);
      const columns = sql.raw(VERSION_COLUMNS.join(', '));
      const values = sql.join(
        // An array would be spread into a tuple of parameters: the grams go as one array literal.
        row.map((v, i) =>
          VERSION_COLUMNS[i] === 'grams' ? sql`${`{${(v as number[]).join(',')}}`}::int[]` : sql`${v}`,
        ),
        sql`, `,
      );
      await tx.execute(sql`insert into corporate.versions (${columns}) values (${values})`);
      return version;
    });
    this.#lastUpdate = undefined;
    this.#names.stale();
    this.forgetSearches();
    // A lookup already under way may still put the old version back: the TTL bounds that too.
    this.#recent.delete(written.corporateNumber);
    return written;
  }
}

import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { type Actor, holds, type Role } from '../kernel/actor.ts';
import type { Clock } from '../kernel/clock.ts';
import { Coalescer } from '../kernel/coalesce.ts';
import { anyOf, type Db, rowsOf } from '../kernel/db.ts';
import { DomainError, KernelErrors } from '../kernel/errors.ts';
import { uuidv7 } from '../kernel/ids.ts';
import { publicKeyFromCsr } from '../pki/ca.ts';
import { endOfJapanDay, fifthBirthdayAfter, type RevocationReason } from '../pki/model.ts';
import type { PkiService } from '../pki/service.ts';
import { type CardHolder, japanDate, type RegistryService } from '../registry/index.ts';
import { resetMessage, toBase64 } from './chip.ts';
import { CardErrors } from './errors.ts';
import {
  ageOn,
  allowedActions,
  type CardAction,
  type CardStatus,
  cardExpiry,
  LIVE_STATUSES,
  MOVE_IN_GRACE_DAYS,
  nextCardStatus,
  SIGNATURE_CERTIFICATE_AGE,
} from './model.ts';
import { PIN_KINDS, type PinKind } from './pins.ts';
import { cardEvents, cards } from './schema.ts';

/** Who works on cards at a municipality's counter. */
export const CARD_ROLES: readonly Role[] = ['municipal-clerk', 'card-officer', 'system-administrator'];

/** Ends every session (and, later, every proxy's action) of a person: the login context's port. */
export interface HolderSessions {
  endAll(residentId: string): Promise<number>;
}

type CardRow = typeof cards.$inferSelect;

export interface CardView {
  id: string;
  residentId: string;
  municipalityCode: string;
  status: CardStatus;
  appliedAt: string;
  issuedOn: string | null;
  expiresOn: string | null;
  deliveredAt: string | null;
  authenticationSerial: string | null;
  signatureSerial: string | null;
  version: number;
  allowedActions: CardAction[];
}

/** What the counter writes onto the chip after issuance. */
export interface IssuedCard {
  card: CardView;
  certificates: { authentication: string; signature?: string; authenticationCa: string; signatureCa: string };
  faceAssist: { individualNumber: string; name: string; address: string; birthDate: string; sex: string };
}

/** A PIN reset authorisation lasts this long: the holder is at the counter. */
const RESET_LIFETIME_MS = 10 * 60_000;

/**
 * The card's life at the municipality and at J-LIS: application, identity verification,
 * issuance of the two certificates from the chip's own keys, delivery, suspension 24/7,
 * resumption at the counter, return and invalidation, and the certificates that follow
 * the card. Every change is one transaction with a row in the card's history.
 */
export class CardService {
  #sessions: HolderSessions | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly pki: PkiService,
    private readonly registry: RegistryService,
  ) {}

  /** The login context plugs in here once it exists (it depends on cards, not the reverse). */
  connectSessions(sessions: HolderSessions): void {
    this.#sessions = sessions;
  }

  // --- the counter ------------------------------------------------------------------

  async apply(actor: Actor, residentId: string): Promise<CardView> {
    const holder = await this.holderFor(actor, residentId);
    if (holder.status !== 'resident')
      throw new DomainError(CardErrors.CARD_RESIDENT_NOT_ELIGIBLE, holder.status);
    const now = this.clock.now();
    const id = uuidv7(now.getTime());
    return this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(cards)
        .values({
          id,
          residentId,
          municipalityCode: holder.municipalityCode,
          status: 'applied',
          appliedAt: now,
          version: 1,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning();
      if (inserted.length === 0) throw new DomainError(CardErrors.CARD_ALREADY_HELD, residentId);
      await this.record(tx, id, 'apply', null, 'applied', actor);
      return view(inserted[0]!);
    });
  }

  /** 本人確認: the documents seen at the counter are recorded (their kinds, not their numbers). */
  async verifyIdentity(actor: Actor, cardId: string, documents: readonly string[]): Promise<CardView> {
    return this.act(actor, cardId, 'verify-identity', async () => ({ detail: { documents } }));
  }

  /**
   * Issues the certificates from the chip's CSRs: the authentication certificate always,
   * the signature certificate from age 15 when the chip made a key for it. Both end at the
   * 5th birthday after issuance (never after the card).
   */
  async issue(
    actor: Actor,
    cardId: string,
    csrs: { authentication?: string; signature?: string },
  ): Promise<IssuedCard> {
    if (!csrs.authentication) throw new DomainError(CardErrors.CARD_CSR_REQUIRED, 'authentication');
    const authenticationKey = await publicKeyFromCsr(csrs.authentication);
    const signatureKey = csrs.signature ? await publicKeyFromCsr(csrs.signature) : undefined;
    const row = await this.readable(actor, cardId);
    const holder = await this.holderOf(row.residentId);
    if (holder.status !== 'resident')
      throw new DomainError(CardErrors.CARD_RESIDENT_NOT_ELIGIBLE, holder.status);
    if (!holder.individualNumber) throw new DomainError(CardErrors.CARD_RESIDENT_NOT_ELIGIBLE, 'no number');
    const now = this.clock.now();
    const issuedOn = japanDate(now);
    if (signatureKey && ageOn(holder.birthDate, issuedOn) < SIGNATURE_CERTIFICATE_AGE) {
      throw new DomainError(CardErrors.CARD_SIGNATURE_UNDER_AGE, cardId);
    }
    const expiresOn = cardExpiry(holder.birthDate, issuedOn);
    const certificateEnd = fifthBirthdayAfter(holder.birthDate, issuedOn);
    const notAfter = endOfJapanDay(certificateEnd < expiresOn ? certificateEnd : expiresOn);
    let pems: { authentication: string; signature?: string } = { authentication: '' };
    const card = await this.act(actor, cardId, 'issue', async (tx) => {
      const authentication = await this.pki.issue(
        'authentication',
        { publicKey: authenticationKey, notBefore: now, notAfter, holder: cardId },
        tx,
      );
      const signature = signatureKey
        ? await this.pki.issue(
            'signature',
            {
              publicKey: signatureKey,
              notBefore: now,
              notAfter,
              holder: cardId,
              facts: certificateFacts(holder),
            },
            tx,
          )
        : undefined;
      pems = { authentication: authentication.pem(), ...(signature ? { signature: signature.pem() } : {}) };
      return {
        set: {
          issuedOn,
          expiresOn,
          authenticationSerial: authentication.serialNumber,
          signatureSerial: signature?.serialNumber ?? null,
        },
        detail: { signatureCertificate: signature !== undefined },
      };
    });
    return {
      card,
      certificates: {
        ...pems,
        authenticationCa: this.pki.ca('authentication').certificate.toString('pem'),
        signatureCa: this.pki.ca('signature').certificate.toString('pem'),
      },
      faceAssist: {
        individualNumber: holder.individualNumber,
        name: holder.name,
        address: holder.address,
        birthDate: holder.birthDate,
        sex: holder.sex,
      },
    };
  }

  /**
   * Application, identity verification and issuance in one go (operators, demos): a
   * failure on the way invalidates the application, so no half-made card stays.
   */
  async applyAndIssue(
    actor: Actor,
    residentId: string,
    csrs: { authentication?: string; signature?: string },
    documents: readonly string[],
  ): Promise<IssuedCard> {
    const applied = await this.apply(actor, residentId);
    try {
      await this.verifyIdentity(actor, applied.id, documents);
      return await this.issue(actor, applied.id, csrs);
    } catch (e) {
      await this.invalidate(actor, applied.id, 'issuance-failed').catch(() => {});
      throw e;
    }
  }

  /** 交付: the holder has set the PINs on the chip and takes the card. */
  deliver(actor: Actor, cardId: string): Promise<CardView> {
    return this.act(actor, cardId, 'deliver', async () => ({ set: { deliveredAt: this.clock.now() } }));
  }

  /** Resumption only at the counter, after identity verification: the certificates are good again. */
  resume(actor: Actor, cardId: string): Promise<CardView> {
    return this.act(actor, cardId, 'resume', async (tx, row) => {
      for (const serial of serialsOf(row)) await this.pki.resume(serial, tx).catch(ignore('PKI_NOT_HELD'));
      return {};
    });
  }

  /** 失効 by the municipality (fraud, a failed issuance, a card found invalid): certificates revoked. */
  invalidate(actor: Actor, cardId: string, reason: string): Promise<CardView> {
    return this.endCard(actor, cardId, 'invalidate', 'cessationOfOperation', { reason });
  }

  /** 返納: the holder gives the card back; both certificates are revoked. */
  returnCard(actor: Actor, cardId: string): Promise<CardView> {
    return this.endCard(actor, cardId, 'return', 'cessationOfOperation', { reason: 'returned' });
  }

  /**
   * The municipality makes a PIN reset authorisation for the holder's chip, after the
   * identity check at the counter: the chip accepts a new PIN with it for ten minutes.
   */
  async pinReset(
    actor: Actor,
    cardId: string,
    kind: PinKind,
  ): Promise<{ kind: PinKind; expires: string; signature: string }> {
    if (!PIN_KINDS.includes(kind))
      throw new DomainError(KernelErrors.REQUEST_INVALID, 'kind', { field: 'kind' });
    const row = await this.readable(actor, cardId);
    if (row.status !== 'delivered' && row.status !== 'suspended') {
      throw new DomainError(CardErrors.CARD_ACTION_NOT_ALLOWED, `pin reset when ${row.status}`, {
        status: row.status,
        allowed: allowedActions(row.status as CardStatus),
      });
    }
    const expires = new Date(this.clock.now().getTime() + RESET_LIFETIME_MS).toISOString();
    const signature = await this.pki.ca('authentication').sign(resetMessage(cardId, kind, expires));
    await this.record(this.db, cardId, 'pin-reset', row.status, row.status, actor, { kind });
    return { kind, expires, signature: toBase64(signature) };
  }

  // --- suspension, 24/7 -----------------------------------------------------------------

  /**
   * 一時停止: both certificates are held at once (OCSP answers revoked, certificateHold),
   * then every session of the holder ends; the call returns only after both. The holder
   * may suspend their own card; staff at the card's municipality may too.
   */
  async suspend(actor: Actor, ref: { cardId: string } | { serial: string }): Promise<CardView> {
    const cardId = 'cardId' in ref ? ref.cardId : await this.cardIdOfSerial(ref.serial);
    const card = await this.act(
      actor,
      cardId,
      'suspend',
      async (tx, row) => {
        for (const serial of serialsOf(row)) {
          await this.pki.revoke(serial, 'certificateHold', tx).catch(ignore('PKI_ALREADY_REVOKED'));
        }
        return {};
      },
      { holderMayAct: true },
    );
    await this.endSessions(card.residentId);
    return card;
  }

  // --- reading ------------------------------------------------------------------------

  async get(actor: Actor, cardId: string): Promise<CardView> {
    return view(await this.readable(actor, cardId, { holderMayAct: true }));
  }

  /** The status of a person's latest card, or null when they have none (for the portal's proxies). */
  async currentStatus(residentId: string): Promise<CardStatus | null> {
    const [row] = await this.db
      .select({ status: cards.status })
      .from(cards)
      .where(eq(cards.residentId, residentId))
      .orderBy(desc(cards.appliedAt))
      .limit(1);
    return (row?.status as CardStatus | undefined) ?? null;
  }

  /** A person's cards, newest first (staff at their municipality, or the person). */
  async ofResident(actor: Actor, residentId: string): Promise<CardView[]> {
    if (actor.residentId !== residentId) await this.holderFor(actor, residentId);
    const rows = await this.db
      .select()
      .from(cards)
      .where(eq(cards.residentId, residentId))
      .orderBy(asc(cards.appliedAt));
    return rows.reverse().map(view);
  }

  async history(actor: Actor, cardId: string) {
    await this.readable(actor, cardId, { holderMayAct: true });
    const rows = await this.db
      .select()
      .from(cardEvents)
      .where(eq(cardEvents.cardId, cardId))
      .orderBy(asc(cardEvents.seq));
    return rows.map((e) => ({
      seq: e.seq,
      action: e.action,
      from: e.fromStatus,
      to: e.toStatus,
      actor: e.actorId,
      at: e.at.toISOString(),
      detail: e.detail,
    }));
  }

  /**
   * For login: the card an authentication certificate belongs to, and its holder. Only a
   * delivered card logs in; anything else answers null.
   */
  loginCard(authenticationSerial: string): Promise<{ cardId: string; residentId: string } | null> {
    return this.#loginCards.load(authenticationSerial);
  }

  // Every login reads its card: many logins at once read theirs in one query.
  readonly #loginCards = new Coalescer<string, { cardId: string; residentId: string } | null>(
    async (serials) => {
      const rows = await rowsOf<{ serial: string; id: string; resident_id: string; status: string }>(
        this.db,
        sql`select authentication_serial as serial, id, resident_id, status from card.cards
            where ${anyOf(sql`authentication_serial`, serials)}`,
      );
      const found = new Map(rows.map((r) => [r.serial, r]));
      return serials.map((s) => {
        const row = found.get(s);
        return row?.status === 'delivered' ? { cardId: row.id, residentId: row.resident_id } : null;
      });
    },
    1000,
    2,
  );

  // --- following the register ------------------------------------------------------------

  /**
   * Death or emigration ends the card and both certificates; a change of any of the four
   * facts revokes the signature certificate (the card and its login go on).
   */
  async onHolderChanged(event: {
    residentId: string;
    status: string;
    changedFacts: readonly string[];
    seq: number;
  }) {
    if (event.status === 'deceased' || event.status === 'emigrated') {
      for (const row of await this.liveCards(event.residentId)) {
        await this.endCard(SYSTEM, row.id, 'invalidate', 'cessationOfOperation', {
          reason: event.status,
          registerEvent: event.seq,
        });
      }
      return;
    }
    if (event.changedFacts.length === 0) return;
    for (const row of await this.liveCards(event.residentId)) {
      if (!row.signatureSerial) continue;
      await this.db.transaction(async (tx) => {
        await this.pki
          .revoke(row.signatureSerial!, 'affiliationChanged', tx)
          .catch(ignore('PKI_ALREADY_REVOKED'));
        await this.record(tx, row.id, 'signature-revoked', row.status, row.status, SYSTEM, {
          facts: event.changedFacts,
          registerEvent: event.seq,
        });
      });
    }
  }

  /**
   * The daily sweep: cards past their expiry date expire; a move-out not followed by a
   * move-in within 30 days of the planned date invalidates the card.
   */
  async sweep(): Promise<{ expired: number; invalidated: number }> {
    const today = japanDate(this.clock.now());
    let expired = 0;
    let invalidated = 0;
    const live = await this.db
      .select()
      .from(cards)
      .where(inArray(cards.status, ['delivered', 'suspended']));
    for (const row of live) {
      if (row.expiresOn && row.expiresOn < today) {
        await this.act(SYSTEM, row.id, 'expire', async () => ({ detail: { expiresOn: row.expiresOn } }));
        expired++;
      }
    }
    for (const residentId of await this.registry.movedOutBefore(addDays(today, -MOVE_IN_GRACE_DAYS))) {
      for (const row of await this.liveCards(residentId)) {
        await this.endCard(SYSTEM, row.id, 'invalidate', 'cessationOfOperation', {
          reason: 'move-not-completed',
        });
        invalidated++;
      }
    }
    return { expired, invalidated };
  }

  // --- helpers -----------------------------------------------------------------------------

  private async endCard(
    actor: Actor,
    cardId: string,
    action: 'invalidate' | 'return',
    reason: RevocationReason,
    detail: Record<string, unknown>,
  ): Promise<CardView> {
    const card = await this.act(actor, cardId, action, async (tx, row) => {
      for (const serial of serialsOf(row)) {
        await this.pki.revoke(serial, reason, tx).catch(ignore('PKI_ALREADY_REVOKED'));
      }
      return { detail };
    });
    await this.endSessions(card.residentId);
    return card;
  }

  private async endSessions(residentId: string): Promise<void> {
    if (this.#sessions) await this.#sessions.endAll(residentId);
  }

  /**
   * One lifecycle step: lock the card, check the transition table and the actor, run the
   * step's own work in the same transaction, write the new status and the history row.
   */
  private async act(
    actor: Actor,
    cardId: string,
    action: CardAction,
    work: (tx: Db, row: CardRow) => Promise<{ set?: Partial<CardRow>; detail?: Record<string, unknown> }>,
    options: { holderMayAct?: boolean } = {},
  ): Promise<CardView> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(cards).where(eq(cards.id, cardId)).for('update');
      if (!row || !mayAct(actor, row, options)) throw new DomainError(CardErrors.CARD_NOT_FOUND, cardId);
      const to = nextCardStatus(row.status as CardStatus, action);
      const { set, detail } = await work(tx, row);
      const now = this.clock.now();
      const [updated] = await tx
        .update(cards)
        .set({ ...set, status: to, version: row.version + 1, updatedAt: now })
        .where(eq(cards.id, cardId))
        .returning();
      await this.record(tx, cardId, action, row.status, to, actor, detail);
      return view(updated!);
    });
  }

  private async record(
    tx: Db,
    cardId: string,
    action: string,
    from: string | null,
    to: string,
    actor: Actor,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    await tx.insert(cardEvents).values({
      cardId,
      action,
      fromStatus: from,
      toStatus: to,
      actorId: actor.id,
      at: this.clock.now(),
      detail: detail ?? null,
    });
  }

  private async readable(
    actor: Actor,
    cardId: string,
    options: { holderMayAct?: boolean } = {},
  ): Promise<CardRow> {
    const [row] = await this.db.select().from(cards).where(eq(cards.id, cardId));
    // Another municipality's card is "not found": existence is not disclosed.
    if (!row || !mayAct(actor, row, options)) throw new DomainError(CardErrors.CARD_NOT_FOUND, cardId);
    return row;
  }

  private async holderOf(residentId: string): Promise<CardHolder> {
    const holder = await this.registry.cardHolder(residentId);
    if (!holder) throw new DomainError(CardErrors.CARD_RESIDENT_NOT_ELIGIBLE, 'unknown resident');
    return holder;
  }

  /** The resident, if the actor works on cards at their municipality; otherwise "not found". */
  private async holderFor(actor: Actor, residentId: string): Promise<CardHolder> {
    const holder = await this.registry.cardHolder(residentId);
    if (!holder || !holds(actor, CARD_ROLES, holder.municipalityCode)) {
      throw new DomainError(CardErrors.CARD_RESIDENT_NOT_ELIGIBLE, 'unknown resident');
    }
    return holder;
  }

  private liveCards(residentId: string): Promise<CardRow[]> {
    return this.db
      .select()
      .from(cards)
      .where(and(eq(cards.residentId, residentId), inArray(cards.status, [...LIVE_STATUSES])));
  }

  /** The live card holding a certificate with this serial number. */
  async cardIdOfSerial(serial: string): Promise<string> {
    const s = serial.toLowerCase();
    const [row] = await this.db
      .select({ id: cards.id })
      .from(cards)
      .where(and(inArray(cards.status, [...LIVE_STATUSES]), eqEither(s)));
    if (!row) throw new DomainError(CardErrors.CARD_NOT_FOUND, 'serial');
    return row.id;
  }
}

/** The platform itself acting on register events and the daily sweep. */
const SYSTEM: Actor = Object.freeze<Actor>({
  id: 'system:card',
  kind: 'operator',
  displayName: 'Card service',
  roles: [{ role: 'system-administrator', organisation: '*' }],
});

function eqEither(serial: string) {
  return or(eq(cards.authenticationSerial, serial), eq(cards.signatureSerial, serial));
}

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function mayAct(actor: Actor, row: CardRow, options: { holderMayAct?: boolean }): boolean {
  if (options.holderMayAct && actor.residentId === row.residentId) return true;
  return holds(actor, CARD_ROLES, row.municipalityCode);
}

function serialsOf(row: CardRow): string[] {
  return [row.authenticationSerial, row.signatureSerial].filter((s): s is string => s !== null);
}

/** Lets one expected domain error pass (a certificate already in the wanted state). */
function ignore(code: string) {
  return (e: unknown) => {
    if (e instanceof DomainError && e.code === code) return;
    throw e;
  };
}

function certificateFacts(h: CardHolder) {
  return {
    name: h.name,
    nameFlags: h.nameFlags,
    sex: h.sex,
    birthDate: h.birthDate,
    address: h.address,
    addressFlags: h.addressFlags,
  };
}

function view(r: CardRow): CardView {
  return {
    id: r.id,
    residentId: r.residentId,
    municipalityCode: r.municipalityCode,
    status: r.status as CardStatus,
    appliedAt: r.appliedAt.toISOString(),
    issuedOn: r.issuedOn,
    expiresOn: r.expiresOn,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    authenticationSerial: r.authenticationSerial,
    signatureSerial: r.signatureSerial,
    version: r.version,
    allowedActions: allowedActions(r.status as CardStatus),
  };
}

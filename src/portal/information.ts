import { createHash } from 'node:crypto';
import { rgb } from 'pdf-lib';
import type { Clock } from '../kernel/clock.ts';
import { DomainError } from '../kernel/errors.ts';
import { toSeireki, toWareki } from '../kernel/japanese-date.ts';
import { japaneseDocument } from '../kernel/pdf.ts';
import {
  LAYOUTS,
  type LinkageNetwork,
  NATIONAL_BODIES,
  type NodeResult,
  SELF_INFORMATION,
} from '../linkage/index.ts';
import type { RegistryService } from '../registry/index.ts';
import { PortalErrors } from './errors.ts';
import { CATEGORIES, FIELD_LABELS, YEN_FIELDS } from './labels.ts';

export interface InformationField {
  name: string;
  label: { ja: string; en: string };
  value: unknown;
  /** The value in Japanese: dates in 和暦 and 西暦, money in 円, yes/no. */
  display: string;
}

export interface InformationItem {
  item: string;
  selfInfo: string;
  name: string;
  provider: string;
  providerName: string;
  /** `found`: a copy is held; `none`: nothing held; `not-disclosed`: held but withheld; `refused`: not answered. */
  status: 'found' | 'none' | 'not-disclosed' | 'refused';
  period: string | null;
  processingNumber: string;
  fields: InformationField[];
}

export interface MyInformation {
  fetchedAt: string;
  name: string;
  categories: { number: string; label: { ja: string; en: string }; items: InformationItem[] }[];
}

const PORTAL = NATIONAL_BODIES.find((b) => b.kind === 'portal')!.code;
const layouts = new Map(LAYOUTS.map((l) => [l.code as string, l]));

/** 2025 → 令和7年度（2025年度） */
function fiscalYearText(y: number): string {
  const era = toWareki(`${y}-04-01`).replace(/年.*$/, '');
  return `${era}年度（${y}年度）`;
}

export function displayValue(name: string, type: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (type === 'boolean') return value ? 'はい' : 'いいえ';
  if (type === 'date' && typeof value === 'string') return `${toWareki(value)}（${toSeireki(value)}）`;
  if (name === 'fiscalYear' && typeof value === 'number') return fiscalYearText(value);
  if (type === 'integer' && typeof value === 'number')
    return `${value.toLocaleString('ja-JP')}${YEN_FIELDS.has(name) ? '円' : ''}`;
  return String(value);
}

/**
 * わたしの情報 (自己情報表示): what institutions hold about the person, asked for through the
 * network as the person's own request — the Myna Portal's node signs one query per item
 * and institution that keeps it, the core checks the table and records each exchange
 * (the person sees them in their history), and the answers are opened at the portal's
 * node only. Nothing fetched is stored: each view asks again.
 */
export class SelfInformation {
  readonly #enrolled = new Set<string>();

  constructor(
    private readonly network: LinkageNetwork,
    private readonly registry: RegistryService,
    private readonly clock: Clock,
  ) {}

  async fetch(residentId: string): Promise<MyInformation> {
    const person = (await this.registry.people([residentId])).get(residentId);
    if (!person) throw new DomainError(PortalErrors.PORTAL_INFORMATION_UNAVAILABLE, 'not on the register');
    const portal = this.network.node(PORTAL);
    const addressee = await this.enrol(residentId);
    const municipality = await this.network.joinLocalGovernment(person.municipalityCode);
    const prefecture = this.network
      .nodes()
      .find(
        (n) =>
          n.institution.kind === 'prefecture' &&
          n.institution.localGovernmentCode?.slice(0, 2) === person.municipalityCode.slice(0, 2),
      );
    const providerOf = (kind: string): string | undefined =>
      kind === 'municipality'
        ? municipality.code
        : kind === 'prefecture'
          ? prefecture?.code
          : NATIONAL_BODIES.find((b) => b.kind === kind)?.code;
    const queries = SELF_INFORMATION.asks.flatMap(([item, kind], i) => {
      const provider = providerOf(kind);
      return provider
        ? [{ ref: String(i), addressee, procedure: SELF_INFORMATION.code, provider, item }]
        : [];
    });
    let results: NodeResult[];
    try {
      results = await portal.query(queries);
    } catch (e) {
      if (e instanceof DomainError)
        throw new DomainError(PortalErrors.PORTAL_INFORMATION_UNAVAILABLE, e.code);
      throw e;
    }
    const items = results.map((r) => this.itemOf(r));
    const categories = Object.entries(CATEGORIES).map(([number, label]) => ({
      number,
      label,
      items: items
        .filter((i) => i.selfInfo.split('-')[0] === number)
        .sort((a, b) => a.selfInfo.localeCompare(b.selfInfo, 'en', { numeric: true })),
    }));
    return { fetchedAt: this.clock.now().toISOString(), name: person.name, categories };
  }

  /** The same as a one-or-more-page A4 PDF in Japanese. */
  async pdf(info: MyInformation): Promise<Uint8Array> {
    const lines: { text: string; size: number; bold?: boolean; indent?: number }[] = [
      { text: 'わたしの情報（自己情報）', size: 20, bold: true },
      { text: `${info.name}　様`, size: 12 },
      {
        text: `取得日時　${new Date(info.fetchedAt).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' })}`,
        size: 10,
      },
    ];
    for (const c of info.categories) {
      if (c.items.every((i) => i.status !== 'found')) continue;
      lines.push({ text: `${c.number}　${c.label.ja}`, size: 14, bold: true });
      for (const item of c.items.filter((i) => i.status === 'found')) {
        lines.push({ text: `${item.name}（${item.providerName}）`, size: 11, bold: true, indent: 12 });
        for (const f of item.fields)
          lines.push({ text: `${f.label.ja}：${f.display}`, size: 10, indent: 24 });
      }
    }
    lines.push({
      text: 'この書面は、マイナポータルで取得した情報を印刷したものです。各機関が保有する情報は取得時点のものです。',
      size: 8,
    });
    const { doc, regular, bold } = await japaneseDocument(lines.map((l) => l.text).join(''), {
      title: 'わたしの情報',
      author: 'マイナポータル',
      createdAt: new Date(info.fetchedAt),
    });
    let page = doc.addPage([595.28, 841.89]);
    let y = 790;
    for (const l of lines) {
      const step = l.size * 1.7 + (l.bold ? 6 : 0);
      if (y - step < 50) {
        page = doc.addPage([595.28, 841.89]);
        y = 790;
      }
      y -= step;
      page.drawText(l.text, {
        x: 50 + (l.indent ?? 0),
        y,
        size: l.size,
        font: l.bold ? bold : regular,
        color: rgb(0.1, 0.1, 0.1),
        maxWidth: 495 - (l.indent ?? 0),
      });
    }
    return doc.save();
  }

  /** The person's addressee at the portal's node (enrolled once; codes come from the core). */
  private async enrol(residentId: string): Promise<string> {
    const addressee = `M${createHash('sha256').update(residentId).digest('hex').slice(0, 19)}`;
    if (this.#enrolled.has(addressee)) return addressee;
    const [rrc, holder] = await Promise.all([
      this.registry.residentRecordCodeOf(residentId),
      this.registry.cardHolder(residentId),
    ]);
    if (!rrc || !holder?.individualNumber)
      throw new DomainError(PortalErrors.PORTAL_INFORMATION_UNAVAILABLE, 'no number yet');
    await this.network
      .node(PORTAL)
      .enrolKnown([{ addressee, individualNumber: holder.individualNumber, residentRecordCode: rrc }]);
    if (this.#enrolled.size > 100_000) this.#enrolled.clear();
    this.#enrolled.add(addressee);
    return addressee;
  }

  private itemOf(r: NodeResult): InformationItem {
    const layout = layouts.get(r.item);
    const answer = r.answer;
    const status: InformationItem['status'] =
      r.outcome === 'refused' || !answer
        ? 'refused'
        : answer.notDisclosed
          ? 'not-disclosed'
          : answer.found
            ? 'found'
            : 'none';
    const data = status === 'found' ? (answer?.data ?? {}) : {};
    return {
      item: r.item,
      selfInfo: layout?.selfInfo ?? '',
      name: layout?.name ?? r.item,
      provider: r.provider,
      providerName: this.network.core.nameOf(r.provider),
      status,
      period: answer?.period ?? null,
      processingNumber: r.processingNumber,
      fields:
        status === 'found' && layout
          ? layout.fields
              .filter((f) => data[f.name] !== undefined)
              .map((f) => ({
                name: f.name,
                label: FIELD_LABELS[f.name] ?? { ja: f.name, en: f.name },
                value: data[f.name],
                display: displayValue(f.name, f.type, data[f.name]),
              }))
          : [],
    };
  }
}

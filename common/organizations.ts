/**
 * The organizations' short names by language (the Vietnamese ones as the organizations table has
 * them), for labels and tags ("Đoàn TN" / "Youth Union"),
 * keyed by their codes: a screen never shows a bare code such as DOAN or PHUNU, nor a Vietnamese
 * abbreviation in the English interface. An unknown code shows as it is.
 */
export const ORGANIZATION_SHORT: Record<string, { vi: string; en: string }> = {
  MTTQ: { vi: 'Mặt trận', en: 'Fatherland Front' },
  DOAN: { vi: 'Đoàn TN', en: 'Youth Union' },
  PHUNU: { vi: 'Hội LHPN', en: "Women's Union" },
  NONGDAN: { vi: 'Hội Nông dân', en: "Farmers' Union" },
  CCB: { vi: 'Hội CCB', en: "Veterans' Association" },
  CONGDOAN: { vi: 'Công đoàn', en: 'Trade Union' },
  BTGDV: { vi: 'Ban Dân vận', en: 'Propaganda and Mass Mobilization Commission' },
  UBND: { vi: 'UBND', en: "People's Committee" },
  DANG: { vi: 'Cấp ủy', en: 'Party Committee' },
};

export function organizationShort(code: string, lang: 'vi' | 'en'): string {
  return ORGANIZATION_SHORT[code]?.[lang] ?? code;
}

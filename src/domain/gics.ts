/** The GICS sectors and their industry groups (product.md section 10), matched case-insensitively. */
export const GICS_SECTORS: ReadonlyArray<{ name: string; industryGroups: readonly string[] }> = [
  { name: 'Energy', industryGroups: ['Energy'] },
  { name: 'Materials', industryGroups: ['Materials'] },
  { name: 'Industrials', industryGroups: ['Capital Goods', 'Commercial & Professional Services', 'Transportation'] },
  {
    name: 'Consumer Discretionary',
    industryGroups: [
      'Automobiles & Components',
      'Consumer Durables & Apparel',
      'Consumer Services',
      'Consumer Discretionary Distribution & Retail',
    ],
  },
  {
    name: 'Consumer Staples',
    industryGroups: [
      'Consumer Staples Distribution & Retail',
      'Food, Beverage & Tobacco',
      'Household & Personal Products',
    ],
  },
  {
    name: 'Health Care',
    industryGroups: ['Health Care Equipment & Services', 'Pharmaceuticals, Biotechnology & Life Sciences'],
  },
  { name: 'Financials', industryGroups: ['Banks', 'Financial Services', 'Insurance'] },
  {
    name: 'Information Technology',
    industryGroups: [
      'Software & Services',
      'Technology Hardware & Equipment',
      'Semiconductors & Semiconductor Equipment',
    ],
  },
  { name: 'Communication Services', industryGroups: ['Telecommunication Services', 'Media & Entertainment'] },
  { name: 'Utilities', industryGroups: ['Utilities'] },
  {
    name: 'Real Estate',
    industryGroups: ['Equity Real Estate Investment Trusts (REITs)', 'Real Estate Management & Development'],
  },
];

const sectorsByKey = new Map(GICS_SECTORS.map((s) => [s.name.toLowerCase(), s]));
const groupsByKey = new Map(
  GICS_SECTORS.flatMap((s) => s.industryGroups.map((g) => [g.toLowerCase(), { name: g, sector: s.name }] as const)),
);

/** The canonical spelling of a sector, or null when it is not a GICS sector. */
export function canonicalSector(name: string): string | null {
  return sectorsByKey.get(name.trim().toLowerCase())?.name ?? null;
}

/** The canonical spelling of an industry group and its sector, or null when it is not a GICS group. */
export function findIndustryGroup(name: string): { name: string; sector: string } | null {
  return groupsByKey.get(name.trim().toLowerCase()) ?? null;
}

/**
 * The currency the household's totals are shown in: the portfolios' currency when they all share one, else
 * USD (amounts in several currencies are not converted yet: product.md section 14 comes later).
 */
export function householdCurrency(portfolios: readonly { currency: string }[]): string {
  const first = portfolios[0]?.currency;
  return first !== undefined && portfolios.every((p) => p.currency === first) ? first : 'USD';
}

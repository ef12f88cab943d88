import { useLinkedTrade } from '../../api/queries/journal';
import { describeTrade } from './trades';

/** The trade an entry is about, described by its date, type and symbol. */
export function LinkedTrade({ portfolioId, tradeId }: { portfolioId: string; tradeId: string }) {
  const trade = useLinkedTrade(portfolioId, tradeId);
  if (trade.isPending) return <span className="muted">a trade…</span>;
  if (trade.isError) return <span className="muted">a trade that is no longer there</span>;
  return <span>{describeTrade(trade.data)}</span>;
}

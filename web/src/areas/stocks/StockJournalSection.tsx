import { useState } from 'react';
import { Link } from 'wouter';
import { useStockJournal } from '../../api/queries/stocks';
import { EmptyState, LoadError, Loading } from '../../ui/EmptyState';
import { Pager } from '../../ui/Pager';

const SENTIMENT = { bullish: 'Bullish', bearish: 'Bearish', neutral: 'Neutral' } as const;

/** The journal entries about this stock, newest first, each an article. */
export function StockJournalSection({ stockId }: { stockId: string }) {
  const [page, setPage] = useState(1);
  const journal = useStockJournal(stockId, page);
  if (journal.isPending) return <Loading what="journal entries" />;
  if (journal.isError) return <LoadError error={journal.error} retry={() => journal.refetch()} />;
  if (journal.data.total === 0)
    return (
      <EmptyState title="No journal entries about this stock">
        <p>
          Write one in the <Link href="/journal">Journal</Link> and link it to this stock.
        </p>
      </EmptyState>
    );
  return (
    <>
      {journal.data.items.map((entry) => (
        <article key={entry.id} className="entry-card" aria-labelledby={`entry-${entry.id}`}>
          <h3 id={`entry-${entry.id}`} className="stock-entry-head">
            <time dateTime={entry.entry_date}>{entry.entry_date}</time>
            {entry.sentiment && <span className="status"> {SENTIMENT[entry.sentiment]}</span>}
          </h3>
          <p className="stock-entry-content">{entry.content}</p>
          {entry.tags.length > 0 && (
            <ul className="stock-entry-tags" aria-label="Tags">
              {entry.tags.map((tag) => (
                <li key={tag}>{tag}</li>
              ))}
            </ul>
          )}
        </article>
      ))}
      <Pager label="Journal pages" page={journal.data.page} pages={journal.data.pages} onPage={setPage} />
    </>
  );
}

import { useId } from 'react';
import { Link } from 'wouter';
import { type JournalEntry, SENTIMENTS } from '../../api/queries/journal';
import { LinkedTrade } from './LinkedTrade';

interface JournalArticleProps {
  entry: JournalEntry;
  portfolioName: (id: string) => string | undefined;
  symbolOf: (id: string) => string | undefined;
  onTag: (tag: string) => void;
  /** Given when the person may write. */
  onEdit?: () => void;
  onDelete?: () => void;
}

/** One journal entry: its date, sentiment, tags, text and what it is about. */
export function JournalArticle({ entry, portfolioName, symbolOf, onTag, onEdit, onDelete }: JournalArticleProps) {
  const headingId = useId();
  const sentiment = SENTIMENTS.find((s) => s.value === entry.sentiment);
  return (
    <article className="entry-card journal-entry" aria-labelledby={headingId}>
      <header className="journal-entry-head">
        <h2 id={headingId}>
          <time dateTime={entry.entry_date}>{entry.entry_date}</time>
        </h2>
        {sentiment && (
          <span className={`status sentiment sentiment-${sentiment.value}`}>
            <span className="visually-hidden">Sentiment: </span>
            {sentiment.label}
          </span>
        )}
      </header>
      <p className="journal-content">{entry.content}</p>
      {(entry.portfolio_id || entry.stock_id || entry.transaction_id) && (
        <dl className="journal-links">
          {entry.portfolio_id && (
            <div>
              <dt>Portfolio</dt>
              <dd>
                <Link href={`/portfolios/${entry.portfolio_id}`}>
                  {portfolioName(entry.portfolio_id) ?? 'Portfolio'}
                </Link>
              </dd>
            </div>
          )}
          {entry.stock_id && (
            <div>
              <dt>Stock</dt>
              <dd>
                <Link href={`/stocks/${entry.stock_id}`}>{symbolOf(entry.stock_id) ?? 'Stock'}</Link>
              </dd>
            </div>
          )}
          {entry.transaction_id && (
            <div>
              <dt>Trade</dt>
              <dd>
                {entry.portfolio_id ? (
                  <LinkedTrade portfolioId={entry.portfolio_id} tradeId={entry.transaction_id} />
                ) : (
                  'a trade'
                )}
              </dd>
            </div>
          )}
        </dl>
      )}
      {entry.tags.length > 0 && (
        <ul className="journal-tags">
          <li className="visually-hidden">Tags:</li>
          {entry.tags.map((tag) => (
            <li key={tag}>
              <button
                type="button"
                className="quiet tag"
                onClick={() => onTag(tag)}
                title={`Show entries tagged ${tag}`}
              >
                #{tag}
              </button>
            </li>
          ))}
        </ul>
      )}
      {(onEdit || onDelete) && (
        <div className="row-actions journal-actions">
          {onEdit && (
            <button type="button" onClick={onEdit}>
              Edit
            </button>
          )}
          {onDelete && (
            <button type="button" className="danger" onClick={onDelete}>
              Delete
            </button>
          )}
        </div>
      )}
    </article>
  );
}

import { useMemo, useState } from 'react';
import { usePortfolioChoices, useStockChoices } from '../../api/queries/choices';
import { type JournalEntry, useJournal } from '../../api/queries/journal';
import { useSession } from '../../app/session';
import { EmptyState, LoadError, Loading } from '../../ui/EmptyState';
import { Pager, useStayWithinPages } from '../../ui/Pager';
import { useDebounced } from '../../ui/useDebounced';
import { DeleteEntryDialog } from './DeleteEntryDialog';
import { EditEntryDialog } from './EditEntryDialog';
import { JournalArticle } from './JournalArticle';
import { JournalFilters, type JournalFilterValues } from './JournalFilters';
import { NewEntryDialog } from './NewEntryDialog';
import './journal.css';

type Open =
  | { dialog: 'new' }
  | { dialog: 'edit'; entry: JournalEntry }
  | { dialog: 'delete'; entry: JournalEntry }
  | null;

/** The household's journal: entries newest first, full-text search, tag and sentiment filters; write and edit. */
export default function JournalPage() {
  const { canWrite } = useSession();
  const [filters, setFilters] = useState<JournalFilterValues>({ search: '', tag: '', sentiment: '' });
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Open>(null);
  const search = useDebounced(filters.search.trim());
  const tag = useDebounced(filters.tag.trim());
  const journal = useJournal({ search, tag, sentiment: filters.sentiment, page });
  const portfolios = usePortfolioChoices();
  const stocks = useStockChoices();

  const names = useMemo(() => new Map((portfolios.data ?? []).map((p) => [p.id, p.name])), [portfolios.data]);
  const symbols = useMemo(() => new Map((stocks.data ?? []).map((s) => [s.id, s.symbol])), [stocks.data]);
  const filtered = search !== '' || tag !== '' || filters.sentiment !== '';

  const changeFilters = (next: JournalFilterValues) => {
    setFilters(next);
    setPage(1);
  };
  const close = () => setOpen(null);
  useStayWithinPages(page, journal.data?.pages, setPage);

  return (
    <section className="journal">
      <div className="page-head">
        <h1>Journal</h1>
        {canWrite && (
          <button type="button" className="primary" onClick={() => setOpen({ dialog: 'new' })}>
            New entry
          </button>
        )}
      </div>
      {/* While a dialog is open the filters step aside, so that "Sentiment" names one control. */}
      {open === null && <JournalFilters filters={filters} onChange={changeFilters} />}
      {journal.isPending ? (
        <Loading what="the journal" />
      ) : journal.isError ? (
        <LoadError error={journal.error} retry={() => journal.refetch()} />
      ) : journal.data.total === 0 ? (
        filtered ? (
          <EmptyState title="No entry matches">
            <p>Try other words, another tag or any sentiment.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No journal entries yet">
            <p>
              {canWrite
                ? 'Write your first with “New entry”: why you bought, what you expect, what you learned. Link it to a portfolio, a stock or a trade to find it again.'
                : 'The household’s notes on its decisions appear here once a member writes the first one.'}
            </p>
          </EmptyState>
        )
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {journal.data.total} {journal.data.total === 1 ? 'entry' : 'entries'}
          </p>
          <div className="journal-entries">
            {journal.data.items.map((entry) => (
              <JournalArticle
                key={entry.id}
                entry={entry}
                portfolioName={(id) => names.get(id)}
                symbolOf={(id) => symbols.get(id)}
                onTag={(t) => changeFilters({ ...filters, tag: t })}
                onEdit={canWrite ? () => setOpen({ dialog: 'edit', entry }) : undefined}
                onDelete={canWrite ? () => setOpen({ dialog: 'delete', entry }) : undefined}
              />
            ))}
          </div>
          <Pager label="Journal pages" page={journal.data.page} pages={journal.data.pages} onPage={setPage} />
        </>
      )}
      {open?.dialog === 'new' && <NewEntryDialog onClose={close} />}
      {open?.dialog === 'edit' && <EditEntryDialog entry={open.entry} onClose={close} />}
      {open?.dialog === 'delete' && <DeleteEntryDialog entry={open.entry} onClose={close} />}
    </section>
  );
}

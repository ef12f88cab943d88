import { useState } from 'react';
import { usePortfolioChoices, useStockChoices } from '../../api/queries/choices';
import { type EntryInput, type JournalEntry, SENTIMENTS, type Sentiment } from '../../api/queries/journal';
import { Field, Form, text } from '../../ui/Form';
import { TradeSelect } from './TradeSelect';

interface EntryFormProps {
  /** The entry being edited, or none for a new one. */
  entry?: JournalEntry;
  onSubmit: (input: EntryInput) => void;
  error: unknown;
  busy: boolean;
  onCancel: () => void;
  label: string;
}

// The API names each bad tag by its place, e.g. "tags.2".
const TAG_PLACES = Array.from({ length: 100 }, (_, i) => `tags.${i}`);

function today(): string {
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/** "Tags" as typed, comma-separated, into the list the API takes. */
function tagsOf(values: FormData): string[] | null {
  const tags = String(values.get('tags') ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  return tags.length > 0 ? tags : null;
}

/** The fields of a journal entry, with its optional links to a portfolio, a stock and one of their trades. */
export function EntryForm({ entry, onSubmit, error, busy, onCancel, label }: EntryFormProps) {
  const portfolios = usePortfolioChoices();
  const stocks = useStockChoices();
  const [portfolioId, setPortfolioId] = useState(entry?.portfolio_id ?? '');
  const [stockId, setStockId] = useState(entry?.stock_id ?? '');
  const [tradeId, setTradeId] = useState(entry?.transaction_id ?? '');

  const submit = (values: FormData) =>
    onSubmit({
      content: String(values.get('content') ?? ''),
      ...(text(values, 'entry_date') ? { entry_date: text(values, 'entry_date') } : {}),
      tags: tagsOf(values),
      sentiment: (text(values, 'sentiment') as Sentiment | undefined) ?? null,
      portfolio_id: portfolioId || null,
      stock_id: stockId || null,
      transaction_id: tradeId || null,
    });

  return (
    <Form
      onSubmit={submit}
      error={error}
      busy={busy}
      label={label}
      actions={
        <button type="button" className="quiet" onClick={onCancel}>
          Cancel
        </button>
      }
    >
      <Field label="Content" name="content" hint="What you saw, decided or learned: up to 10,000 characters.">
        {(control) => <textarea {...control} defaultValue={entry?.content} rows={6} />}
      </Field>
      <div className="journal-form-row">
        <Field label="Date" name="entry_date">
          {(control) => <input {...control} type="date" defaultValue={entry?.entry_date ?? today()} />}
        </Field>
        <Field label="Sentiment" name="sentiment">
          {(control) => (
            <select {...control} defaultValue={entry?.sentiment ?? ''}>
              <option value="">None</option>
              {SENTIMENTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Tags" name="tags" also={TAG_PLACES} hint="Separated by commas, e.g. earnings, trimmed. Up to 10.">
        {(control) => <input {...control} defaultValue={entry?.tags.join(', ')} autoComplete="off" />}
      </Field>
      <div className="journal-form-row">
        <Field label="Portfolio" name="portfolio_id">
          {(control) => (
            <select
              {...control}
              value={portfolioId}
              onChange={(e) => {
                setPortfolioId(e.target.value);
                setTradeId('');
              }}
            >
              <option value="">None</option>
              {(portfolios.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Stock" name="stock_id">
          {(control) => (
            <select
              {...control}
              value={stockId}
              onChange={(e) => {
                setStockId(e.target.value);
                setTradeId('');
              }}
            >
              <option value="">None</option>
              {(stocks.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.symbol}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <TradeSelect portfolioId={portfolioId} stockId={stockId} value={tradeId} onChange={setTradeId} />
    </Form>
  );
}

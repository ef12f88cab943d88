import { useState } from 'react';
import { Link } from 'wouter';
import type { StockChoice } from '../../api/queries/choices';
import type { Trade, TradeInput, TradeType } from '../../api/queries/trades';
import { Field, Form, text, textOrNull } from '../../ui/Form';
import { FIELDS_OF, TRADE_TYPES } from './tradeTypes';

interface TradeFormProps {
  /** The trade being edited; none when adding. */
  trade?: Trade;
  stocks: StockChoice[];
  error: unknown;
  busy: boolean;
  onSave: (input: TradeInput) => void;
  onCancel: () => void;
}

/** Today in the person's own time zone, as YYYY-MM-DD (the date field's default for a new trade). */
function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const DECIMAL = { inputMode: 'decimal', autoComplete: 'off' } as const;

/**
 * A trade's fields: the type decides which amounts are asked for (buy and sell: quantity, price, fee;
 * dividend: amount; split: ratio), and only those are sent.
 */
export function TradeForm({ trade, stocks, error, busy, onSave, onCancel }: TradeFormProps) {
  const [type, setType] = useState<TradeType>(trade?.type ?? 'buy');
  const [stockId, setStockId] = useState(trade?.stock_id ?? '');
  // The price, fee and amount are in the chosen stock's trading currency: the hints say which.
  const unit = stocks.find((stock) => stock.id === stockId)?.currency;
  const inUnit = (hint: string) => (unit === undefined ? hint : `${hint}, in ${unit}`);
  const shown = FIELDS_OF[type];
  const editing = trade !== undefined;
  // When editing, a blank field clears it (null); when adding, a blank optional field is left out.
  const read = (values: FormData, name: string) => (editing ? textOrNull(values, name) : text(values, name));

  const submit = (values: FormData) => {
    const input: TradeInput = {
      type,
      stock_id: text(values, 'stock_id') ?? '',
      trade_date: text(values, 'trade_date') ?? '',
    };
    for (const field of shown) {
      const value = read(values, field);
      if (value !== undefined) input[field] = value;
    }
    const notes = read(values, 'notes');
    if (notes !== undefined) input.notes = notes;
    onSave(input);
  };

  return (
    <Form
      onSubmit={submit}
      error={error}
      busy={busy}
      actions={
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      }
    >
      <Field label="Type" name="type">
        {(control) => (
          <select {...control} value={type} onChange={(event) => setType(event.target.value as TradeType)}>
            {TRADE_TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Stock"
        name="stock_id"
        hint={stocks.length === 0 ? 'The household has no stocks yet: add one on the Stocks page first.' : undefined}
      >
        {(control) => (
          <select
            {...control}
            defaultValue={trade?.stock_id ?? ''}
            onChange={(event) => setStockId(event.target.value)}
          >
            <option value="">Choose a stock</option>
            {stocks.map((stock) => (
              <option key={stock.id} value={stock.id}>
                {stock.symbol}
              </option>
            ))}
          </select>
        )}
      </Field>
      {stocks.length === 0 && (
        <p className="muted">
          <Link href="/stocks">Go to Stocks</Link>
        </p>
      )}
      <Field label="Date" name="trade_date">
        {(control) => <input {...control} type="date" defaultValue={trade?.trade_date.slice(0, 10) ?? today()} />}
      </Field>
      {shown.includes('quantity') && (
        <Field label="Quantity" name="quantity" hint="Number of shares">
          {(control) => <input {...control} {...DECIMAL} defaultValue={trade?.quantity ?? ''} />}
        </Field>
      )}
      {shown.includes('price') && (
        <Field label="Price" name="price" hint={inUnit('Per share')}>
          {(control) => <input {...control} {...DECIMAL} defaultValue={trade?.price ?? ''} />}
        </Field>
      )}
      {shown.includes('fee') && (
        <Field label="Fee" name="fee" hint={inUnit('Optional; 0 when left blank')}>
          {(control) => <input {...control} {...DECIMAL} defaultValue={trade?.fee ?? ''} />}
        </Field>
      )}
      {shown.includes('amount') && (
        <Field label="Amount" name="amount" hint={inUnit('The cash received')}>
          {(control) => <input {...control} {...DECIMAL} defaultValue={trade?.amount ?? ''} />}
        </Field>
      )}
      {shown.includes('ratio') && (
        <Field label="Ratio" name="ratio" hint="New shares to old, e.g. 4:1">
          {(control) => <input {...control} autoComplete="off" spellCheck={false} defaultValue={trade?.ratio ?? ''} />}
        </Field>
      )}
      <Field label="Notes" name="notes">
        {(control) => <textarea {...control} defaultValue={trade?.notes ?? ''} maxLength={1000} />}
      </Field>
    </Form>
  );
}

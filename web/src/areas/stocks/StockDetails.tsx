import type { Stock } from '../../api/queries/stocks';
import { currencyName } from '../../format';
import { Money } from '../../ui/Numbers';

/** A stock's classification, grade, trading currency, latest close and notes. */
export function StockDetails({ stock }: { stock: Stock }) {
  return (
    <>
      <dl className="figures stock-details">
        <div>
          <dt>Sector</dt>
          <dd>{stock.sector ?? '—'}</dd>
        </div>
        <div>
          <dt>Industry group</dt>
          <dd>{stock.industry_group ?? '—'}</dd>
        </div>
        <div>
          <dt>Grade</dt>
          <dd>{stock.grade ?? '—'}</dd>
        </div>
        <div>
          <dt>Currency</dt>
          <dd>
            {stock.currency} <span className="muted">({currencyName(stock.currency)})</span>
          </dd>
        </div>
        <div>
          <dt>Latest close</dt>
          <dd>
            <Money value={stock.current_price} currency={stock.currency} />
            {stock.price_date && <span className="muted stock-price-date"> on {stock.price_date}</span>}
          </dd>
        </div>
        {stock.provider_symbol && (
          <div>
            <dt>Provider code</dt>
            <dd>{stock.provider_symbol}</dd>
          </div>
        )}
      </dl>
      <div className="card stock-notes">
        <h2>Notes</h2>
        {stock.notes ? <p>{stock.notes}</p> : <p className="muted">No notes yet.</p>}
      </div>
    </>
  );
}

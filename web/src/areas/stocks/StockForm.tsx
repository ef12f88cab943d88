import { useState } from 'react';
import { groupsOf, useSectors } from '../../api/queries/sectors';
import type { Stock, StockInput } from '../../api/queries/stocks';
import { CurrencySelect } from '../../ui/CurrencySelect';
import { Field, Form, text, textOrNull } from '../../ui/Form';
import { GRADES } from './grades';

interface StockFormProps {
  /** The stock being edited; none when adding. */
  stock?: Stock;
  /** A new stock's currency until another is chosen: the household's base currency. */
  defaultCurrency?: string;
  error: unknown;
  busy: boolean;
  onSave: (input: StockInput) => void;
  onCancel: () => void;
}

/**
 * A stock's fields with the GICS pickers: the industry group list holds only the chosen sector's groups, is
 * disabled without a sector, and a group that does not fit a newly chosen sector is cleared.
 */
export function StockForm({ stock, defaultCurrency = 'USD', error, busy, onSave, onCancel }: StockFormProps) {
  const sectors = useSectors();
  const [sector, setSector] = useState(stock?.sector ?? '');
  const [group, setGroup] = useState(stock?.industry_group ?? '');
  const groups = groupsOf(sectors.data, sector);

  const chooseSector = (next: string) => {
    setSector(next);
    if (!groupsOf(sectors.data, next).includes(group)) setGroup('');
  };

  const submit = (values: FormData) => {
    if (stock === undefined) {
      onSave({
        symbol: text(values, 'symbol') ?? '',
        company_name: text(values, 'company_name'),
        sector: sector || undefined,
        industry_group: group || undefined,
        grade: text(values, 'grade'),
        notes: text(values, 'notes'),
        provider_symbol: text(values, 'provider_symbol'),
        currency: text(values, 'currency') ?? defaultCurrency,
      });
    } else {
      onSave({
        symbol: text(values, 'symbol') ?? '',
        company_name: textOrNull(values, 'company_name'),
        sector: sector || null,
        industry_group: group || null,
        grade: textOrNull(values, 'grade'),
        notes: textOrNull(values, 'notes'),
        provider_symbol: textOrNull(values, 'provider_symbol'),
        // Sent only when changed: the stock's prices and trades are in it.
        ...(text(values, 'currency') !== stock.currency ? { currency: text(values, 'currency') } : {}),
      });
    }
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
      <Field label="Symbol" name="symbol" hint="As the exchange lists it, e.g. AAPL, BRK.B or 7203.T">
        {(control) => (
          <input
            {...control}
            defaultValue={stock?.symbol}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      {/* Named "Provider code", not "… symbol": the form's "Symbol" must stay the only control of that name. */}
      <Field
        label="Provider code"
        name="provider_symbol"
        hint="The market-data provider's code when it differs, e.g. BRK-B for BRK.B on Yahoo; blank: the symbol"
      >
        {(control) => (
          <input
            {...control}
            defaultValue={stock?.provider_symbol ?? ''}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <Field label="Company name" name="company_name">
        {(control) => <input {...control} defaultValue={stock?.company_name ?? ''} autoComplete="off" />}
      </Field>
      <Field
        label="Currency"
        name="currency"
        hint="What its prices and trades are in; GBp for a London price in pence (1,250 GBp = 12.50 GBP)"
      >
        {(control) => <CurrencySelect {...control} minorUnits defaultValue={stock?.currency ?? defaultCurrency} />}
      </Field>
      <Field label="Sector" name="sector">
        {(control) => (
          <select {...control} value={sector} onChange={(event) => chooseSector(event.target.value)}>
            <option value="">No sector</option>
            {sectors.data?.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Industry group" name="industry_group" hint={sector === '' ? 'Choose a sector first' : undefined}>
        {(control) => (
          <select
            {...control}
            value={group}
            disabled={sector === ''}
            onChange={(event) => setGroup(event.target.value)}
          >
            <option value="">No industry group</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Grade" name="grade">
        {(control) => (
          <select {...control} defaultValue={stock?.grade ?? ''}>
            <option value="">No grade</option>
            {GRADES.map((grade) => (
              <option key={grade} value={grade}>
                {grade}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Notes" name="notes">
        {(control) => <textarea {...control} defaultValue={stock?.notes ?? ''} maxLength={1000} />}
      </Field>
    </Form>
  );
}

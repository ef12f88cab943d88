import type { ChangeEvent } from 'react';
import { currencyName, MINOR_UNITS } from '../format';

/**
 * The ISO 4217 codes this browser knows (the server checks against the same table), without the minor units
 * (some tables list ILA as a code of its own): those are offered only where `minorUnits` asks for them.
 */
const MAJOR = Intl.supportedValuesOf('currency').filter((code) => MINOR_UNITS[code] === undefined);

/** The major codes, each minor unit right after its major one (GBP, then GBp). */
const WITH_MINOR = MAJOR.flatMap((code) => [
  code,
  ...Object.keys(MINOR_UNITS).filter((minor) => MINOR_UNITS[minor]?.major === code),
]);

/** "EUR — Euro", "GBp — pence sterling": worked out once, not at every render. */
const LABELS = new Map(WITH_MINOR.map((code) => [code, `${code} — ${currencyName(code)}`]));

interface CurrencySelectProps {
  /** The control's props from a Field (id, name, aria-invalid, aria-describedby). */
  id?: string;
  name?: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
  /** Uncontrolled (inside a Form): the first choice. */
  defaultValue?: string;
  /** Controlled (a filter): the choice and its change. */
  value?: string;
  onChange?: (code: string) => void;
  /** Stocks only: also the minor units GBp, ZAc and ILA that some exchanges quote in. */
  minorUnits?: boolean;
  /** A first option with the value '' (e.g. "All currencies", "Choose a currency"). */
  empty?: string;
}

/** The one currency picker: every ISO 4217 code with its name ("EUR — Euro"), and for stocks the minor units. */
export function CurrencySelect({
  defaultValue,
  value,
  onChange,
  minorUnits = false,
  empty,
  ...control
}: CurrencySelectProps) {
  const codes = minorUnits ? WITH_MINOR : MAJOR;
  const chosen = value ?? defaultValue ?? '';
  // A stored code this browser does not list stays choosable, so that saving the form keeps it.
  const listed = chosen === '' || codes.includes(chosen);
  const change = onChange && ((event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value));
  return (
    <select {...control} defaultValue={defaultValue} value={value} onChange={change}>
      {empty !== undefined && <option value="">{empty}</option>}
      {!listed && <option value={chosen}>{chosen}</option>}
      {codes.map((code) => (
        <option key={code} value={code}>
          {LABELS.get(code)}
        </option>
      ))}
    </select>
  );
}

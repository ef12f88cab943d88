import { direction, formatDecimal, formatMoney, formatPercent, formatTimestamp } from '../format';

interface AmountProps {
  value: string | null | undefined;
  /** Gains green with an arrow up, losses red with an arrow down (never colour alone). */
  signed?: boolean;
}

function tone(value: string | null | undefined, signed: boolean | undefined): string | undefined {
  return signed ? direction(value) : undefined;
}

export function Money({ value, currency, signed }: AmountProps & { currency?: string }) {
  return <span className={tone(value, signed)}>{formatMoney(value, currency)}</span>;
}

export function Percent({ value, signed }: AmountProps) {
  if (value === null || value === undefined) return <span>—</span>;
  return <span className={['percent', tone(value, signed)].filter(Boolean).join(' ')}>{formatPercent(value)}</span>;
}

export function Decimal({ value }: { value: string | null | undefined }) {
  return <span>{formatDecimal(value)}</span>;
}

/** An instant from the API, shown in the browser's time zone; the exact value stays machine-readable. */
export function Timestamp({ value }: { value: string | null | undefined }) {
  if (value === null || value === undefined) return <span>—</span>;
  return <time dateTime={value}>{formatTimestamp(value)}</time>;
}

import { type ReactNode, useId } from 'react';

interface FigureProps {
  label: string;
  children: ReactNode;
  /** A line under the value: what it means, or why there is none yet. */
  note?: ReactNode;
}

/**
 * One figure of a `figures` list: the <dt> is the label and the <dd> the value, labelled by it, so that the
 * value is found by its label ("Time-weighted return") and its text is the value alone.
 */
export function Figure({ label, children, note }: FigureProps) {
  const id = useId();
  return (
    <div>
      <dt id={id}>{label}</dt>
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: ARIA's definition role (a <dd>) takes a name; its term names it so that the value is found by its label. */}
      <dd aria-labelledby={id}>{children}</dd>
      {note && <dd className="figure-note">{note}</dd>}
    </div>
  );
}

import type { ReactNode } from 'react';

export type Level = 2 | 3;

/** A part's heading at the level of the page that shows it (the dashboard's sections are h2, a panel's h3). */
export function Heading({ level, id, children }: { level: Level; id?: string; children: ReactNode }) {
  return level === 2 ? <h2 id={id}>{children}</h2> : <h3 id={id}>{children}</h3>;
}

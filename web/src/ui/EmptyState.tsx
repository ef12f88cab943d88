import type { ReactNode } from 'react';

/** What a screen shows before there is anything: what this is and what to do first. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/** A query that failed: its message, and a way to try again. */
export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div role="alert" className="alert">
      {error instanceof Error ? error.message : 'This could not be loaded.'}{' '}
      {retry && (
        <button type="button" className="quiet" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

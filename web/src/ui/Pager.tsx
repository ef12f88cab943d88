import { useEffect } from 'react';

interface PagerProps {
  /** What is paged, for the pager's accessible name, e.g. "Stocks pages". */
  label: string;
  page: number;
  pages: number;
  onPage: (page: number) => void;
}

/** Previous and Next through a paged list, with "Page x of y"; nothing when everything fits on one page. */
export function Pager({ label, page, pages, onPage }: PagerProps) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        Previous
      </button>
      <span aria-live="polite">
        Page {page} of {pages}
      </span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        Next
      </button>
    </nav>
  );
}

/** A delete can empty the last page: then step back to the page that is now the last. */
export function useStayWithinPages(page: number, pages: number | undefined, setPage: (page: number) => void): void {
  const last = Math.max(pages ?? 1, 1);
  useEffect(() => {
    if (page > last) setPage(last);
  }, [page, last, setPage]);
}

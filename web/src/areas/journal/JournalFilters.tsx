import { SENTIMENTS, type Sentiment } from '../../api/queries/journal';

export interface JournalFilterValues {
  search: string;
  tag: string;
  sentiment: '' | Sentiment;
}

interface JournalFiltersProps {
  filters: JournalFilterValues;
  onChange: (filters: JournalFilterValues) => void;
}

/** The full-text search and the tag and sentiment filters; the API searches and filters. */
export function JournalFilters({ filters, onChange }: JournalFiltersProps) {
  return (
    <search className="toolbar" aria-label="Find entries">
      <div className="field journal-search">
        <label htmlFor="journal-search">Search journal</label>
        <input
          id="journal-search"
          type="search"
          value={filters.search}
          onChange={(e) => onChange({ ...filters, search: e.target.value })}
          aria-describedby="journal-search-hint"
        />
        <p id="journal-search-hint" className="hint">
          Words match their forms too: “trimmed” finds “trimming”.
        </p>
      </div>
      <div className="field">
        <label htmlFor="journal-tag">Tag</label>
        <input
          id="journal-tag"
          value={filters.tag}
          onChange={(e) => onChange({ ...filters, tag: e.target.value })}
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor="journal-sentiment">Sentiment</label>
        <select
          id="journal-sentiment"
          value={filters.sentiment}
          onChange={(e) => onChange({ ...filters, sentiment: e.target.value as JournalFilterValues['sentiment'] })}
        >
          <option value="">Any</option>
          {SENTIMENTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
    </search>
  );
}

import { useEffect, useLayoutEffect, useRef, useState } from "react";

const DEBOUNCE_MS = 300;

/**
 * The search box: the server searches every cell for the text once typing pauses. `value` is the search in the URL;
 * the box keeps what is typed until then, and shows a search changed elsewhere (the grid's "Clear search", the
 * browser's Back).
 */
export function RecordSearch({
  value,
  disabled,
  onSearch,
}: {
  value: string;
  disabled?: boolean;
  onSearch: (searchValue: string) => void;
}) {
  const [text, setText] = useState(value);
  // The box's own searches come back as `value`; any other value replaces what it shows.
  const [searched, setSearched] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (value !== searched) {
      setSearched(value);
      setText(value);
    }
  }
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // The search runs after a pause, with the page's latest callback (and so its latest view).
  const latest = useRef(onSearch);
  useLayoutEffect(() => {
    latest.current = onSearch;
  });
  // A search pending when the page goes away is dropped.
  useEffect(() => () => clearTimeout(timer.current), []);
  const search = (next: string, delay: number) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setSearched(next.trim());
      latest.current(next);
    }, delay);
  };
  return (
    <div className="record-search" data-slot="record-search">
      <label htmlFor="record-search" className="visually-hidden">
        Search records
      </label>
      <svg className="record-search-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="m10.5 10.5 3 3" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      <input
        id="record-search"
        type="search"
        placeholder="Search records"
        autoComplete="off"
        value={text}
        disabled={disabled}
        onChange={(event) => {
          setText(event.target.value);
          search(event.target.value, DEBOUNCE_MS);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter") search(text, 0);
        }}
      />
    </div>
  );
}

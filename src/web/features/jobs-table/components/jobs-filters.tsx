import { useId, useMemo, useRef, useState } from "react";
import { JOB_STATUSES } from "../../../../core";
import { Button } from "../../../components/ui/button";
import { useSearchParamsNow } from "../../../lib/router";
import { MODE_LABELS, STATUS_LABELS, TYPE_LABELS } from "../../jobs";
import {
  DEFAULT_FILTERS,
  JOB_MODES,
  readFilters,
  JOB_TYPES,
  SORT_FIELDS,
  TIME_RANGES,
  type SortField,
  type TableFilters,
  type TimeRange,
} from "../table-filters";

/** How long typing in the search pauses before the table asks the server. */
export const SEARCH_PAUSE_MS = 300;

type JobsFiltersProps = {
  /** `replace` for changes made while typing, so they do not fill the history. */
  onChange: (patch: Partial<TableFilters>, options?: { replace?: boolean }) => void;
};

/**
 * The table's filters, search and sort; every change goes to the URL. They show the URL as it is now, not as the
 * table last rendered it: a box checked stays checked while a long table is filtered.
 */
export function JobsFilters({ onChange }: JobsFiltersProps) {
  const params = useSearchParamsNow();
  const filters = useMemo(() => readFilters(params), [params]);
  const isDefault =
    filters.statuses.length === 0 &&
    !filters.operation &&
    !filters.type &&
    !filters.mode &&
    filters.range === DEFAULT_FILTERS.range &&
    !filters.from &&
    !filters.to &&
    !filters.finishedFrom &&
    !filters.finishedTo &&
    !filters.createdBy &&
    !filters.source &&
    !filters.search;
  const toggleStatus = (status: (typeof JOB_STATUSES)[number], on: boolean) =>
    onChange({
      statuses: on ? [...filters.statuses, status] : filters.statuses.filter((s) => s !== status),
    });
  // On a phone only the search shows until "Filters" opens the rest, so the table starts on the first screen.
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const active =
    filters.statuses.length +
    [
      filters.operation,
      filters.type,
      filters.mode,
      filters.range !== DEFAULT_FILTERS.range,
      filters.from,
      filters.to,
      filters.finishedFrom,
      filters.finishedTo,
      filters.createdBy,
      filters.source,
    ].filter(Boolean).length;
  const commitOperation = (value: string) => {
    if (value.trim() !== filters.operation) onChange({ operation: value.trim() });
  };
  // The search goes to the server: typing shows at once, and the URL (and so the request) follows a pause.
  const [draft, setDraft] = useState<string>();
  const pause = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onSearch = (value: string) => {
    setDraft(value);
    clearTimeout(pause.current);
    pause.current = setTimeout(() => {
      onChange({ search: value }, { replace: true });
      setDraft(undefined);
    }, SEARCH_PAUSE_MS);
  };
  const commitText = (key: "createdBy" | "source", value: string) => {
    if (value.trim() !== filters[key]) onChange({ [key]: value.trim() });
  };
  return (
    <div className="jt-filters" data-slot="jobs-filters" data-collapsed={open ? undefined : true}>
      <div className="jt-filter-row">
        <Button
          className="jt-filters-toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen(!open)}
        >
          {active > 0 ? `Filters (${active})` : "Filters"}
        </Button>
        <label className="jt-field jt-search">
          <span>Search</span>
          <input
            type="search"
            value={draft ?? filters.search}
            placeholder="ID or words: operation, info, outcome, input"
            onChange={(event) => onSearch(event.currentTarget.value)}
          />
        </label>
        <form
          className="jt-form"
          role="search"
          aria-label="Operation"
          onSubmit={(event) => {
            event.preventDefault();
            commitOperation(new FormData(event.currentTarget).get("operation")?.toString() ?? "");
          }}
        >
          <label className="jt-field">
            <span>Operation</span>
            <input
              name="operation"
              // A new default when the URL changes (back, clear), without copying the URL into state.
              key={filters.operation}
              defaultValue={filters.operation}
              placeholder="e.g. export"
              onBlur={(event) => commitOperation(event.currentTarget.value)}
            />
          </label>
        </form>
        <label className="jt-field">
          <span>Type</span>
          <select
            value={filters.type ?? ""}
            onChange={(event) =>
              onChange({ type: (event.currentTarget.value || undefined) as TableFilters["type"] })
            }
          >
            <option value="">Any</option>
            {JOB_TYPES.map((type) => (
              <option key={type} value={type}>
                {TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </label>
        <label className="jt-field">
          <span>Mode</span>
          <select
            value={filters.mode ?? ""}
            onChange={(event) =>
              onChange({ mode: (event.currentTarget.value || undefined) as TableFilters["mode"] })
            }
          >
            <option value="">Any</option>
            {JOB_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {MODE_LABELS[mode]}
              </option>
            ))}
          </select>
        </label>
        <label className="jt-field">
          <span>Created</span>
          <select
            value={filters.range}
            onChange={(event) => onChange({ range: event.currentTarget.value as TimeRange })}
          >
            {(Object.keys(TIME_RANGES) as TimeRange[]).map((range) => (
              <option key={range} value={range}>
                {TIME_RANGES[range].label}
              </option>
            ))}
          </select>
        </label>
        <label className="jt-field">
          <span>From</span>
          <input
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(event) => onChange({ from: event.currentTarget.value })}
          />
        </label>
        <label className="jt-field">
          <span>To</span>
          <input
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(event) => onChange({ to: event.currentTarget.value })}
          />
        </label>
        <label className="jt-field">
          <span>Finished from</span>
          <input
            type="date"
            value={filters.finishedFrom}
            max={filters.finishedTo || undefined}
            onChange={(event) => onChange({ finishedFrom: event.currentTarget.value })}
          />
        </label>
        <label className="jt-field">
          <span>Finished to</span>
          <input
            type="date"
            value={filters.finishedTo}
            min={filters.finishedFrom || undefined}
            onChange={(event) => onChange({ finishedTo: event.currentTarget.value })}
          />
        </label>
        <label className="jt-field">
          <span>Created by</span>
          <input
            key={`by-${filters.createdBy}`}
            defaultValue={filters.createdBy}
            placeholder="e.g. secret-key"
            onBlur={(event) => commitText("createdBy", event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") commitText("createdBy", event.currentTarget.value);
            }}
          />
        </label>
        <label className="jt-field">
          <span>Source</span>
          <input
            key={`source-${filters.source}`}
            defaultValue={filters.source}
            placeholder="Resource ID"
            onBlur={(event) => commitText("source", event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") commitText("source", event.currentTarget.value);
            }}
          />
        </label>
        <label className="jt-field">
          <span>Sort by</span>
          <select
            value={filters.sort}
            onChange={(event) => onChange({ sort: event.currentTarget.value as SortField })}
          >
            {(Object.keys(SORT_FIELDS) as SortField[]).map((field) => (
              <option key={field} value={field}>
                {SORT_FIELDS[field]}
              </option>
            ))}
          </select>
        </label>
        <Button
          className="jt-direction"
          onClick={() => onChange({ direction: filters.direction === "asc" ? "desc" : "asc" })}
          aria-label={`Sort direction: ${filters.direction === "asc" ? "ascending" : "descending"}`}
        >
          {filters.direction === "asc" ? "↑ Ascending" : "↓ Descending"}
        </Button>
      </div>
      <fieldset className="jt-statuses" id={panelId}>
        <legend>Status</legend>
        {JOB_STATUSES.map((status) => (
          <label key={status} className="jt-chip" data-status={status}>
            <input
              type="checkbox"
              checked={filters.statuses.includes(status)}
              onChange={(event) => toggleStatus(status, event.currentTarget.checked)}
            />
            {STATUS_LABELS[status]}
          </label>
        ))}
        {isDefault ? null : (
          <Button
            variant="ghost"
            className="jt-clear"
            onClick={() => {
              clearTimeout(pause.current);
              setDraft(undefined);
              onChange({ ...DEFAULT_FILTERS, sort: filters.sort, direction: filters.direction });
            }}
          >
            Clear filters
          </Button>
        )}
      </fieldset>
    </div>
  );
}

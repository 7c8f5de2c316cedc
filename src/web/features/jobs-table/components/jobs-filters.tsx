import { useId, useState } from "react";
import { JOB_STATUSES } from "../../../../core";
import { Button } from "../../../components/ui/button";
import { MODE_LABELS, STATUS_LABELS, TYPE_LABELS } from "../../jobs";
import {
  DEFAULT_FILTERS,
  JOB_MODES,
  JOB_TYPES,
  SORT_FIELDS,
  TIME_RANGES,
  type SortField,
  type TableFilters,
  type TimeRange,
} from "../table-filters";

type JobsFiltersProps = {
  filters: TableFilters;
  /** `replace` for changes made while typing, so they do not fill the history. */
  onChange: (patch: Partial<TableFilters>, options?: { replace?: boolean }) => void;
};

/** The table's filters, search and sort; every change goes to the URL. */
export function JobsFilters({ filters, onChange }: JobsFiltersProps) {
  const isDefault =
    filters.statuses.length === 0 &&
    !filters.operation &&
    !filters.type &&
    !filters.mode &&
    filters.range === DEFAULT_FILTERS.range &&
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
    [filters.operation, filters.type, filters.mode, filters.range !== DEFAULT_FILTERS.range].filter(Boolean)
      .length;
  const commitOperation = (value: string) => {
    if (value.trim() !== filters.operation) onChange({ operation: value.trim() });
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
            value={filters.search}
            placeholder="ID, operation or info"
            onChange={(event) => onChange({ search: event.currentTarget.value }, { replace: true })}
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
            onClick={() => onChange({ ...DEFAULT_FILTERS, sort: filters.sort, direction: filters.direction })}
          >
            Clear filters
          </Button>
        )}
      </fieldset>
    </div>
  );
}

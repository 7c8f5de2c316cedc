import type { ReactNode } from "react";
import type { Job, RecordCounts } from "../../../lib/api-types";
import type { RecordFilter as Filter } from "../api/records-query-options";
import { BlockingProgress } from "./blocking-progress";
import { RecordFilter } from "./record-filter";
import { RecordSearch } from "./record-search";
import "../sheets.css";

/**
 * The sheet's toolbar: its name, the sheet's actions, the record filter, the search and the grid's tools. While a `toolbarBlocking`
 * job of the sheet or its workbook runs, everything here is disabled and the job's progress shows instead; the
 * cells stay editable.
 */
export function SheetToolbar({
  title,
  filter,
  counts,
  searchValue,
  blocking,
  actions,
  tools,
  onFilterChange,
  onSearch,
}: {
  title: string;
  filter: Filter;
  counts: RecordCounts | undefined;
  searchValue: string;
  /** The job that locks the toolbar, if one runs. */
  blocking: Job | undefined;
  /** Slot for the sheet's actions (`<SheetActions>`); disabled with the rest of the toolbar. */
  actions?: ReactNode;
  /** Slot for the grid's tools over many records (find and replace, bulk edit); disabled with the rest. */
  tools?: ReactNode;
  onFilterChange: (filter: Filter) => void;
  onSearch: (searchValue: string) => void;
}) {
  const locked = blocking !== undefined;
  return (
    <div className="sheet-toolbar" data-slot="sheet-toolbar" data-locked={locked || undefined}>
      <div className="sheet-toolbar-title">
        <h1>{title}</h1>
        {/* The sheet's actions; a disabled fieldset disables every control inside, whoever renders them. */}
        <fieldset className="sheet-toolbar-actions" data-slot="sheet-toolbar-actions" disabled={locked}>
          <legend className="visually-hidden">Sheet actions</legend>
          {actions}
        </fieldset>
      </div>
      <div className="sheet-toolbar-controls">
        <RecordFilter value={filter} counts={counts} disabled={locked} onChange={onFilterChange} />
        <RecordSearch value={searchValue} disabled={locked} onSearch={onSearch} />
        {tools ? (
          <fieldset className="sheet-toolbar-tools" data-slot="sheet-toolbar-tools" disabled={locked}>
            <legend className="visually-hidden">Edit many records</legend>
            {tools}
          </fieldset>
        ) : null}
        {blocking ? <BlockingProgress job={blocking} /> : null}
      </div>
    </div>
  );
}

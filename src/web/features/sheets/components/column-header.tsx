import { useState, type KeyboardEvent } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "../../../components/ui/dropdown-menu";
import type { SheetField } from "../../../lib/api-types";

type Direction = "asc" | "desc";

/**
 * A field's column header: its label opens a menu to sort by the field (ascending, descending) or clear the sort.
 * While the toolbar is locked the menu does not open, but the header stays focusable so the grid can be walked.
 */
export function ColumnHeader({
  field,
  col,
  tabbable,
  sort,
  locked,
  onSort,
}: {
  field: SheetField;
  col: number;
  tabbable: boolean;
  /** The direction the grid is sorted by this field, if it is. */
  sort: Direction | undefined;
  locked: boolean;
  onSort: (direction: Direction | undefined) => void;
}) {
  const [open, setOpen] = useState(false);
  const name = field.label ?? field.key;
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    // ArrowDown walks the grid (to the first row) instead of opening the menu; Enter and Space open it.
    if (event.key === "ArrowDown") event.preventDefault();
  };
  return (
    <div
      role="columnheader"
      className="grid-cell grid-header-cell"
      aria-sort={sort === "asc" ? "ascending" : sort === "desc" ? "descending" : undefined}
    >
      {/* Not modal: the grid stays in the accessibility tree while the menu is open; Escape or a click closes it. */}
      <DropdownMenu modal={false} open={open && !locked} onOpenChange={(next) => setOpen(next && !locked)}>
        <DropdownMenuTrigger
          className="column-menu-trigger"
          data-row={-1}
          data-col={col}
          tabIndex={tabbable ? 0 : -1}
          aria-disabled={locked || undefined}
          title={locked ? "Column menus are locked while the job runs" : undefined}
          onKeyDown={onKeyDown}
        >
          <span className="column-menu-label">{name}</span>
          <svg className="column-menu-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            {sort === "asc" ? (
              <path
                d="M8 3.5 4.5 7.5h7z M8 3.5v9"
                fill="currentColor"
                stroke="currentColor"
                strokeWidth="1.2"
              />
            ) : sort === "desc" ? (
              <path
                d="M8 12.5 4.5 8.5h7z M8 3.5v9"
                fill="currentColor"
                stroke="currentColor"
                strokeWidth="1.2"
              />
            ) : (
              <path d="m4.5 6.5 3.5 3.5 3.5-3.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
            )}
          </svg>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="column-menu">
          <DropdownMenuLabel className="column-menu-title">{name}</DropdownMenuLabel>
          <DropdownMenuItem disabled={sort === "asc"} onSelect={() => onSort("asc")}>
            Sort ascending
          </DropdownMenuItem>
          <DropdownMenuItem disabled={sort === "desc"} onSelect={() => onSort("desc")}>
            Sort descending
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem disabled={sort === undefined} onSelect={() => onSort(undefined)}>
            Clear sort
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}
